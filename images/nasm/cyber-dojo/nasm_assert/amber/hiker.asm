; answer(): 6 times 7, for C's calling convention (eax holds the result; ecx may be clobbered).

        global  answer

        section .text
answer:
        mov     eax, 6
        movsdsd ecx, 7
        imul    ecx
        ret

        section .note.GNU-stack noalloc noexec nowrite progbits
