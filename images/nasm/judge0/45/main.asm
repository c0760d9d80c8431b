; Reads two whole numbers from standard input and prints their sum and a newline,
; with x86-64 Linux system calls only (no C library).

        default rel             ; addresses relative to rip: position-independent
        global  _start

        section .bss
buffer: resb    4096            ; standard input
digits: resb    32              ; the sum in decimal, written from the end

        section .text
_start:
        xor     r12, r12        ; bytes read so far
.read:
        mov     rdx, 4096
        sub     rdx, r12        ; room left
        jz      .parse
        xor     eax, eax        ; read(0, buffer + r12, rdx)
        xor     edi, edi
        lea     rsi, [buffer]
        add     rsi, r12
        syscall
        test    rax, rax
        jle     .parse          ; end of input (or an error)
        add     r12, rax
        jmp     .read
.parse:
        lea     rsi, [buffer]   ; cursor
        lea     r13, [rsi + r12] ; end
        call    number
        mov     rbx, rax
        call    number
        add     rax, rbx
        call    print
        mov     eax, 60         ; exit(0)
        xor     edi, edi
        syscall

; The next number at rsi (before r13): blanks skipped, an optional minus sign, then digits.
; Returns it in rax, with rsi past it.
number:
        xor     eax, eax
        xor     ecx, ecx        ; 1 when negative
.skip:
        cmp     rsi, r13
        jae     .done
        movzx   edx, byte [rsi]
        cmp     dl, '-'
        je      .minus
        sub     edx, '0'
        cmp     edx, 9
        jbe     .digits         ; a digit: the number starts here
        inc     rsi
        jmp     .skip
.minus:
        mov     ecx, 1
        inc     rsi
.digits:
        cmp     rsi, r13
        jae     .done
        movzx   edx, byte [rsi]
        sub     edx, '0'
        cmp     edx, 9
        ja      .done
        imul    rax, rax, 10
        add     rax, rdx
        inc     rsi
        jmp     .digits
.done:
        test    ecx, ecx
        jz      .positive
        neg     rax
.positive:
        ret

; Writes rax in decimal and a newline to standard output.
print:
        lea     rdi, [digits + 32]
        dec     rdi
        mov     byte [rdi], 10  ; the newline
        mov     r8, rax         ; the sign, for later
        test    rax, rax
        jns     .convert
        neg     rax
.convert:
        mov     ecx, 10
.next:
        xor     edx, edx
        div     rcx             ; rax = rax / 10, rdx = the last digit
        add     dl, '0'
        dec     rdi
        mov     [rdi], dl
        test    rax, rax
        jnz     .next
        test    r8, r8
        jns     .write
        dec     rdi
        mov     byte [rdi], '-'
.write:
        mov     rsi, rdi        ; write(1, rdi, digits + 32 - rdi)
        lea     rdx, [digits + 32]
        sub     rdx, rsi
        mov     eax, 1
        mov     edi, 1
        syscall
        ret
