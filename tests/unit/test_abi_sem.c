/*
 * The structures of SysV semaphores (kernel/ipc/sem.c) compared with Linux's UAPI
 * definitions, as test_abi.c does for the others: apart, because <linux/sem.h> defines
 * struct sembuf and struct seminfo, which a C library's <sys/sem.h> defines too.
 */
#include "tests/unit/unit.h"
#include "tests/unit/same_layout.h"

#include <stddef.h>

#include <linux/sem.h>

#include "kernel/linux_abi.h"


TEST(semid64_ds)
{
	SAME_SIZE(struct linux_semid64_ds, struct semid64_ds);
	CHECK(sizeof(struct linux_semid64_ds) == 104);
	SAME_FIELD(struct linux_semid64_ds, sem_perm, struct semid64_ds, sem_perm);
	SAME_FIELD(struct linux_semid64_ds, sem_otime, struct semid64_ds, sem_otime);
	SAME_FIELD(struct linux_semid64_ds, sem_ctime, struct semid64_ds, sem_ctime);
	SAME_FIELD(struct linux_semid64_ds, sem_nsems, struct semid64_ds, sem_nsems);
	SAME_FIELD(struct linux_semid64_ds, unused4, struct semid64_ds, __unused4);
}

TEST(sembuf)
{
	SAME_SIZE(struct linux_sembuf, struct sembuf);
	CHECK(sizeof(struct linux_sembuf) == 6);
	SAME_FIELD(struct linux_sembuf, sem_num, struct sembuf, sem_num);
	SAME_FIELD(struct linux_sembuf, sem_op, struct sembuf, sem_op);
	SAME_FIELD(struct linux_sembuf, sem_flg, struct sembuf, sem_flg);
}

TEST(seminfo)
{
	SAME_SIZE(struct linux_seminfo, struct seminfo);
	SAME_FIELD(struct linux_seminfo, semmap, struct seminfo, semmap);
	SAME_FIELD(struct linux_seminfo, semmni, struct seminfo, semmni);
	SAME_FIELD(struct linux_seminfo, semmns, struct seminfo, semmns);
	SAME_FIELD(struct linux_seminfo, semmnu, struct seminfo, semmnu);
	SAME_FIELD(struct linux_seminfo, semmsl, struct seminfo, semmsl);
	SAME_FIELD(struct linux_seminfo, semopm, struct seminfo, semopm);
	SAME_FIELD(struct linux_seminfo, semume, struct seminfo, semume);
	SAME_FIELD(struct linux_seminfo, semusz, struct seminfo, semusz);
	SAME_FIELD(struct linux_seminfo, semvmx, struct seminfo, semvmx);
	SAME_FIELD(struct linux_seminfo, semaem, struct seminfo, semaem);
}
