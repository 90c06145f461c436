/* Self-tests of the kernel heap. */
#include "kernel/lib/string.h"
#include "kernel/selftest.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

#define OBJECTS 300

static uint64_t free_frames(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.free;
}

SELFTEST(kmalloc_every_size_class)
{
	uint64_t before = free_frames();
	static void *objs[OBJECTS];
	for (unsigned c = 0; c < KMALLOC_CLASSES; c++) {
		size_t size = kmalloc_class_size(c);
		struct kmalloc_stats st0, st;
		kmalloc_get_stats(&st0);        /* other kernel objects live in these slabs too */
		for (int i = 0; i < OBJECTS; i++) {
			objs[i] = kmalloc(size - (i % 3));      /* sizes just under the class too */
			EXPECT(objs[i] != NULL);
			EXPECT_EQ((uintptr_t)objs[i] % size, 0);
			memset(objs[i], i & 0xff, size - (i % 3));
		}
		/* Nothing overlaps: each object still holds its own pattern. */
		for (int i = 0; i < OBJECTS; i++) {
			const uint8_t *b = objs[i];
			EXPECT(b[0] == (i & 0xff) && b[size - 3] == (i & 0xff));
		}
		kmalloc_get_stats(&st);
		EXPECT_EQ(st.objects[c] - st0.objects[c], OBJECTS);
		EXPECT(st.slabs[c] - st0.slabs[c] <= (OBJECTS * size + PAGE_SIZE - 1) / PAGE_SIZE);
		for (int i = 0; i < OBJECTS; i++)
			kfree(objs[i]);
		kmalloc_get_stats(&st);
		EXPECT_EQ(st.objects[c], st0.objects[c]);
		EXPECT_EQ(st.slabs[c], st0.slabs[c]);   /* emptied slabs went back */
	}
	EXPECT_EQ(free_frames(), before);
}

SELFTEST(kmalloc_large_and_zeroed)
{
	uint64_t before = free_frames();
	uint8_t *big = kmalloc(3 * PAGE_SIZE);          /* rounds up to 4 frames */
	EXPECT(big != NULL);
	EXPECT_EQ((uintptr_t)big % PAGE_SIZE, 0);
	memset(big, 0xee, 3 * PAGE_SIZE);
	EXPECT_EQ(free_frames(), before - 4);
	kfree(big);
	uint8_t *z = kzalloc(5000);
	int nonzero = 0;
	for (int i = 0; i < 5000; i++)
		nonzero += z[i] != 0;
	EXPECT_EQ(nonzero, 0);
	kfree(z);
	EXPECT(kmalloc(0) == NULL);
	EXPECT(kmalloc((PAGE_SIZE << BUDDY_MAX_ORDER) + 1) == NULL);
	kfree(NULL);
	EXPECT_EQ(free_frames(), before);
}

SELFTEST(kmalloc_freed_objects_are_poisoned)
{
	uint8_t *p = kmalloc(64);
	memset(p, 0, 64);
	kfree(p);
	EXPECT_EQ(p[8], KMALLOC_POISON);
	EXPECT_EQ(p[63], KMALLOC_POISON);
}
