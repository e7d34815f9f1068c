/*
 * VFIO type1 set-up for the C programs the guest benchmarks run (bench/nvme/vfio-loop.c,
 * bench/nic/nicbench.c): one container, each device's IOMMU group attached to it (the IOMMU type set
 * once the first group is in), the device fd with memory space and bus mastering on, a BAR mapped, and
 * DMA areas mapped at chosen IOVAs (linux/vfio.h; the kernel's Documentation/driver-api/vfio.rst).
 *
 * A failure prints "<program>: <syscall> <path>: <errno text>", and the usual fix where there is one,
 * then exits 1: these programs run once per benchmark row and have nothing to recover.
 */
#ifndef BENCH_C_VFIO_H
#define BENCH_C_VFIO_H

#ifndef _GNU_SOURCE
#error "define _GNU_SOURCE before any include (vfio.h uses program_invocation_short_name)"
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

struct vfio_container {
  int fd;
  int iommu_set; /* VFIO_SET_IOMMU needs a group in the container, so it follows the first attach */
};

/* Prints "<program>: <call> <path>: <strerror(errno)>" (and "; <fix>"), exits 1. Static inline: a program need not use every helper. */
static inline void vfio_die(const char *call, const char *path, const char *fix)
{
  int e = errno;
  fprintf(stderr, "%s: %s %s: %s%s%s\n", program_invocation_short_name, call, path, strerror(e), fix ? "; " : "", fix ? fix : "");
  exit(1);
}

static inline void vfio_open_container(struct vfio_container *c)
{
  c->iommu_set = 0;
  c->fd = open("/dev/vfio/vfio", O_RDWR);
  if (c->fd < 0) vfio_die("open", "/dev/vfio/vfio", "load the module: modprobe vfio-pci");
  if (ioctl(c->fd, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
    errno = EPROTO;
    vfio_die("ioctl(VFIO_GET_API_VERSION)", "/dev/vfio/vfio", "the kernel's VFIO API is not the one this program was built for");
  }
}

/*
 * Attaches the IOMMU group of PCI device `bdf` to the container and returns the device fd, with memory
 * space and bus mastering on in its command register (vfio-pci leaves both off; PCI 3.0 section 6.2.2).
 */
static inline int vfio_open_device(struct vfio_container *c, const char *bdf)
{
  char link[256], target[256], group_path[sizeof "/dev/vfio/" + sizeof target]; /* gcc -O2 -Werror checks the bound */
  snprintf(link, sizeof link, "/sys/bus/pci/devices/%s/iommu_group", bdf);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n < 0) vfio_die("readlink", link, "no IOMMU group: boot with intel_iommu=on, or check the address");
  target[n] = 0;
  const char *group_id = strrchr(target, '/'); /* the link is …/kernel/iommu_groups/N */
  snprintf(group_path, sizeof group_path, "/dev/vfio/%s", group_id ? group_id + 1 : target);
  int group = open(group_path, O_RDWR);
  if (group < 0) vfio_die("open", group_path, errno == EBUSY ? "another process holds the group" : "bind the device to vfio-pci");
  struct vfio_group_status status = { .argsz = sizeof status };
  if (ioctl(group, VFIO_GROUP_GET_STATUS, &status) < 0) vfio_die("ioctl(VFIO_GROUP_GET_STATUS)", group_path, NULL);
  if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
    errno = EBUSY;
    vfio_die("ioctl(VFIO_GROUP_GET_STATUS)", group_path, "group not viable: bind every device in it to vfio-pci");
  }
  if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &c->fd) < 0) vfio_die("ioctl(VFIO_GROUP_SET_CONTAINER)", group_path, NULL);
  if (!c->iommu_set) {
    if (ioctl(c->fd, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0) vfio_die("ioctl(VFIO_SET_IOMMU, TYPE1v2)", "/dev/vfio/vfio", "is an IOMMU on (intel_iommu=on)?");
    c->iommu_set = 1;
  }
  int device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
  if (device < 0) vfio_die("ioctl(VFIO_GROUP_GET_DEVICE_FD)", bdf, NULL);
  /* The group fd stays open (and the group in the container) for as long as the process runs. */
  struct vfio_region_info cfg = { .argsz = sizeof cfg, .index = VFIO_PCI_CONFIG_REGION_INDEX };
  if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &cfg) < 0) vfio_die("ioctl(VFIO_DEVICE_GET_REGION_INFO, config)", bdf, NULL);
  uint16_t cmd;
  if (pread(device, &cmd, 2, (off_t)cfg.offset + 4) != 2) vfio_die("pread(PCI_COMMAND)", bdf, NULL);
  cmd |= 0x6; /* memory space, bus master */
  if (pwrite(device, &cmd, 2, (off_t)cfg.offset + 4) != 2) vfio_die("pwrite(PCI_COMMAND)", bdf, NULL);
  return device;
}

/* Maps the first `size` bytes of BAR `index` of an open device (the BAR must be at least that large). */
static inline volatile uint8_t *vfio_map_bar(int device, const char *bdf, unsigned index, size_t size)
{
  char what[64];
  snprintf(what, sizeof what, "ioctl(VFIO_DEVICE_GET_REGION_INFO, BAR%u)", index);
  struct vfio_region_info bar = { .argsz = sizeof bar, .index = VFIO_PCI_BAR0_REGION_INDEX + index };
  if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &bar) < 0) vfio_die(what, bdf, NULL);
  if (bar.size < size) {
    fprintf(stderr, "%s: %s %s: BAR%u is 0x%llx bytes, the spec's block needs 0x%zx; is this the device the spec describes?\n",
            program_invocation_short_name, what, bdf, index, (unsigned long long)bar.size, size);
    exit(1);
  }
  void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, device, (off_t)bar.offset);
  if (m == MAP_FAILED) vfio_die("mmap", bdf, NULL);
  return (volatile uint8_t *)m;
}

/* `bytes` of zeroed, populated anonymous memory, mapped for the container's devices at `iova` (read and write). */
static inline uint8_t *vfio_map_dma(const struct vfio_container *c, size_t bytes, uint64_t iova)
{
  uint8_t *area = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (area == MAP_FAILED) vfio_die("mmap", "(DMA area)", NULL);
  memset(area, 0, bytes);
  struct vfio_iommu_type1_dma_map map = {
    .argsz = sizeof map, .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
    .vaddr = (uint64_t)(uintptr_t)area, .iova = iova, .size = bytes,
  };
  if (ioctl(c->fd, VFIO_IOMMU_MAP_DMA, &map) < 0) vfio_die("ioctl(VFIO_IOMMU_MAP_DMA)", "/dev/vfio/vfio", errno == ENOMEM ? "raise the locked-memory limit (ulimit -l)" : NULL);
  return area;
}

static inline void vfio_unmap_dma(const struct vfio_container *c, size_t bytes, uint64_t iova)
{
  struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof unmap, .iova = iova, .size = bytes };
  if (ioctl(c->fd, VFIO_IOMMU_UNMAP_DMA, &unmap) < 0) vfio_die("ioctl(VFIO_IOMMU_UNMAP_DMA)", "/dev/vfio/vfio", NULL);
}

#endif
