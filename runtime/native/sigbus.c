// SIGBUS guard for device mappings (Node-API addon, built by scripts/build-native.mjs).
//
// A load or store to a mapped BAR whose device was removed, or to a page of a file mapping past the
// file's end, raises SIGBUS; Node's default action ends the process. For registered ranges the
// handler maps an anonymous page of all ones (MAP_FIXED) over the faulting page and returns, so the
// instruction is retried and reads 0xFFFFFFFF — what a PCIe read of a missing device returns (PCIe
// base spec 2.3.2: an unsupported request completes with all ones). The fault is recorded in a ring
// and announced with uv_async_send (documented as async-signal-safe by libuv), whose callback passes
// the records to JS on the main loop. Faults outside every registered range go to the previous
// handler (or the default action).
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <node_api.h>
#include <uv.h>

#define SLOTS 256
#define RING 64

typedef struct {
  uintptr_t base;
  size_t length;
  int used; // read by the handler with acquire, written last with release
} slot_t;

typedef struct {
  int slot;
  uintptr_t address;
} fault_t;

static slot_t slots[SLOTS];
static fault_t ring[RING];
static unsigned ring_head;  // written by the handler
static unsigned ring_tail;  // read position of the main thread
static unsigned dropped;    // faults that found the ring full
static unsigned long total; // every fault handled (tests)
static size_t page_size;
static struct sigaction previous;
static int installed;
static uv_async_t async;
static napi_env the_env;
static napi_ref callback_ref;
static napi_async_context async_context;

static int fill_ones(uintptr_t base, size_t length) {
  void *p = mmap((void *)base, length, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return -1;
  memset(p, 0xff, length);
  return 0;
}

static void on_sigbus(int sig, siginfo_t *info, void *context) {
  int saved = errno;
  uintptr_t a = (uintptr_t)info->si_addr;
  for (int i = 0; i < SLOTS; i++) {
    if (!__atomic_load_n(&slots[i].used, __ATOMIC_ACQUIRE)) continue;
    if (a < slots[i].base || a - slots[i].base >= slots[i].length) continue;
    if (fill_ones(a & ~(uintptr_t)(page_size - 1), page_size) != 0) break;
    unsigned head = __atomic_load_n(&ring_head, __ATOMIC_RELAXED);
    if (head - __atomic_load_n(&ring_tail, __ATOMIC_ACQUIRE) < RING) {
      ring[head % RING].slot = i;
      ring[head % RING].address = a;
      __atomic_store_n(&ring_head, head + 1, __ATOMIC_RELEASE);
    } else {
      __atomic_add_fetch(&dropped, 1, __ATOMIC_RELAXED);
    }
    __atomic_add_fetch(&total, 1, __ATOMIC_RELAXED);
    uv_async_send(&async);
    errno = saved;
    return;
  }
  errno = saved;
  if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
    previous.sa_sigaction(sig, info, context);
    return;
  }
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
    return;
  }
  // Not ours: the default action, on the retried instruction.
  signal(SIGBUS, SIG_DFL);
}

static napi_value throw_errno(napi_env env, const char *what) {
  char text[160];
  snprintf(text, sizeof text, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, text);
  return NULL;
}

static void deliver(uv_async_t *handle) {
  (void)handle;
  napi_env env = the_env;
  napi_handle_scope scope;
  if (!env || !callback_ref || napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value list, cb, global, result;
  napi_create_array(env, &list);
  uint32_t n = 0;
  unsigned head = __atomic_load_n(&ring_head, __ATOMIC_ACQUIRE);
  for (unsigned t = ring_tail; t != head; t++) {
    napi_value entry, slot, address;
    napi_create_object(env, &entry);
    napi_create_int32(env, ring[t % RING].slot, &slot);
    napi_create_bigint_uint64(env, ring[t % RING].address, &address);
    napi_set_named_property(env, entry, "slot", slot);
    napi_set_named_property(env, entry, "address", address);
    napi_set_element(env, list, n++, entry);
  }
  __atomic_store_n(&ring_tail, head, __ATOMIC_RELEASE);
  napi_value lost;
  napi_create_uint32(env, __atomic_exchange_n(&dropped, 0, __ATOMIC_RELAXED), &lost);
  napi_get_reference_value(env, callback_ref, &cb);
  napi_get_global(env, &global);
  napi_value argv[2] = {list, lost};
  // make_callback: microtasks (promise reactions) run when it returns, as after any libuv callback.
  if (napi_make_callback(env, async_context, global, cb, 2, argv, &result) == napi_pending_exception) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    napi_fatal_exception(env, error);
  }
  napi_close_handle_scope(env, scope);
}

static int install(napi_env env) {
  if (installed) return 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGBUS, &sa, &previous) != 0) {
    throw_errno(env, "sigaction(SIGBUS)");
    return -1;
  }
  installed = 1;
  return 0;
}

static int get_bigint(napi_env env, napi_value v, uint64_t *out) {
  bool lossless;
  if (napi_get_value_bigint_uint64(env, v, out, &lossless) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a bigint address");
    return -1;
  }
  return 0;
}

static int get_length(napi_env env, napi_value v, size_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d <= 0 || d != (double)(size_t)d) {
    napi_throw_range_error(env, NULL, "expected a positive integer length");
    return -1;
  }
  *out = (size_t)d;
  return 0;
}

// protect(base: bigint, length: number): slot number. The range must be page-aligned.
static napi_value protect(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint64_t base;
  size_t length;
  if (argc < 2 || get_bigint(env, argv[0], &base) || get_length(env, argv[1], &length)) return NULL;
  if (base % page_size || length % page_size) {
    napi_throw_range_error(env, NULL, "protect: the range must be page-aligned");
    return NULL;
  }
  if (install(env)) return NULL;
  for (int i = 0; i < SLOTS; i++) {
    if (slots[i].used) continue;
    slots[i].base = base;
    slots[i].length = length;
    __atomic_store_n(&slots[i].used, 1, __ATOMIC_RELEASE);
    napi_create_int32(env, i, &out);
    return out;
  }
  napi_throw_error(env, NULL, "protect: all 256 SIGBUS guard slots are in use (close devices you no longer need)");
  return NULL;
}

static napi_value unprotect(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t slot;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &slot) != napi_ok || slot < 0 || slot >= SLOTS) {
    napi_throw_range_error(env, NULL, "unprotect: expected a slot number");
    return NULL;
  }
  __atomic_store_n(&slots[slot].used, 0, __ATOMIC_RELEASE);
  return NULL;
}

// fillOnes(base: bigint, length: number): replaces the pages with private anonymous all-ones memory.
static napi_value fill_ones_js(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint64_t base;
  size_t length;
  if (argc < 2 || get_bigint(env, argv[0], &base) || get_length(env, argv[1], &length)) return NULL;
  if (base % page_size || length % page_size) {
    napi_throw_range_error(env, NULL, "fillOnes: the range must be page-aligned");
    return NULL;
  }
  if (fill_ones(base, length) != 0) return throw_errno(env, "mmap (all-ones placeholder)");
  return NULL;
}

// onFault(callback(faults: {slot, address}[], dropped: number)): one receiver per process.
static napi_value on_fault(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], name;
  napi_valuetype type;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, NULL, "onFault: expected a function");
    return NULL;
  }
  if (callback_ref) napi_delete_reference(env, callback_ref);
  napi_create_reference(env, argv[0], 1, &callback_ref);
  if (!async_context) {
    napi_create_string_utf8(env, "regmill.sigbus", NAPI_AUTO_LENGTH, &name);
    napi_async_init(env, NULL, name, &async_context);
  }
  return NULL;
}

static napi_value fault_count(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_double(env, (double)__atomic_load_n(&total, __ATOMIC_RELAXED), &out);
  return out;
}

static void cleanup(void *arg) {
  (void)arg;
  if (installed) sigaction(SIGBUS, &previous, NULL);
  installed = 0;
  the_env = NULL;
  uv_close((uv_handle_t *)&async, NULL);
}

NAPI_MODULE_INIT() {
  if (the_env) {
    napi_throw_error(env, NULL, "the SIGBUS guard can be loaded by one Node.js environment only (the main thread)");
    return NULL;
  }
  uv_loop_t *loop;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || uv_async_init(loop, &async, deliver) != 0) {
    napi_throw_error(env, NULL, "the SIGBUS guard could not attach to the event loop");
    return NULL;
  }
  uv_unref((uv_handle_t *)&async); // a guard alone never keeps the process alive
  the_env = env;
  page_size = (size_t)sysconf(_SC_PAGESIZE);
  napi_add_env_cleanup_hook(env, cleanup, NULL);
  napi_property_descriptor props[] = {
    {"protect", NULL, protect, NULL, NULL, NULL, napi_enumerable, NULL},
    {"unprotect", NULL, unprotect, NULL, NULL, NULL, napi_enumerable, NULL},
    {"fillOnes", NULL, fill_ones_js, NULL, NULL, NULL, napi_enumerable, NULL},
    {"onFault", NULL, on_fault, NULL, NULL, NULL, napi_enumerable, NULL},
    {"faultCount", NULL, fault_count, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
