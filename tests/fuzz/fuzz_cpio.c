/* libFuzzer target: the cpio reader must survive any input without reading outside it. */
#include "kernel/lib/format.c"
#include "fs/cpio.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpio_reader r;
	struct cpio_entry e;
	volatile unsigned sum = 0;
	cpio_init(&r, data, size);
	while (cpio_next(&r, &e) == 1) {
		for (size_t i = 0; i < e.name_len; i++)
			sum += (unsigned char)e.name[i];
		for (size_t i = 0; i < e.size; i++)
			sum += ((const uint8_t *)e.data)[i];
	}
	return 0;
}
