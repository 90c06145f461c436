/*
 * The x87/SSE register state of user programs (compilers use SSE for ordinary C, e.g. in
 * memcpy). The kernel itself never touches these registers (-mgeneral-regs-only), so the
 * state is saved and restored only when switching between processes.
 */
#ifndef KERNEL_ARCH_X86_FPU_H
#define KERNEL_ARCH_X86_FPU_H

#include <stdint.h>

#define FPU_STATE_SIZE 512      /* the fxsave area */

struct proc;

/* Enables SSE (CR0, CR4) and records the state a new program starts with. */
void fpu_init(void);

/* Gives p the initial state (execve). */
void fpu_reset(struct proc *p);

/* Makes the CPU hold next's registers, saving those of the process that had them. Switching
 * to the idle loop and back costs nothing. */
void fpu_switch_to(struct proc *next);

/* A process is going away: its registers need no saving. */
void fpu_forget(struct proc *p);

/* Copies p's registers (an fxsave area of FPU_STATE_SIZE bytes) to buf: for a signal
 * handler's frame. */
void fpu_save(struct proc *p, void *buf);

/* Gives p the registers in buf (rt_sigreturn): 0, or -EINVAL (nothing changed) when buf
 * sets MXCSR bits this CPU reserves. */
int fpu_restore(struct proc *p, const void *buf);

/* Gives dst a copy of src's registers (fork). */
void fpu_copy(struct proc *dst, struct proc *src);

#endif
