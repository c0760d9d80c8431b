; answer(): 6 times 9, for C's calling convention (eax holds the result; ecx may be clobbered).

        global  answer

        section .text
answer:
        mov     eax, 6
        mov     ecx, 9
        imul    ecx
        ret

        section .note.GNU-stack noalloc noexec nowrite progbits
