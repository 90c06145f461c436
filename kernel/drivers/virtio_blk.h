/* The virtio-blk driver: QEMU's virtio-blk-pci disks, as /dev/vda, /dev/vdb ... */
#ifndef KERNEL_DRIVERS_VIRTIO_BLK_H
#define KERNEL_DRIVERS_VIRTIO_BLK_H

/* Drives every virtio block device pci_init found and registers its disk (with its
 * partitions and /dev files). Without one, does nothing and logs nothing. Call with
 * interrupts on and the file system up: it reads each disk's partition table. */
void virtio_blk_init(void);

#endif
