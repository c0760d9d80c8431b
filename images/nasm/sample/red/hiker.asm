; answer(): the answer to life, the universe and everything, for C's calling convention.

        global  answer

        section .text
answer:
        mov     eax, 6 * 9
        ret

        section .note.GNU-stack noalloc noexec nowrite progbits
