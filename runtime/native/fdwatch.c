// Fixed-size reads from a pollable fd (eventfd, /dev/uioN) on Node's main event loop (Node-API addon,
// built by scripts/build-native.mjs). A uv_poll_t on the fd: when libuv's epoll reports it readable,
// read(2) `size` bytes into the caller's Buffer until EAGAIN, calling back into JS once per record and
// once when drained. No thread and no hop between threads, as with the stream handle the interrupt path
// used before through Node's internal pipe_wrap binding (deprecated for userland, DEP0111, and refused
// under Node's permission model); this one uses only Node-API and libuv, both public and ABI-stable.
//
// JS interface (runtime/irq/fd-reader.ts, read-now.ts):
//   watch(fd, buffer, onRead) → handle; start(handle); stop(handle); unref(handle); close(handle);
//   readNow(fd, buffer, length) → n ≥ 0, or -errno
//   emptied(handle): JS just read the fd empty itself (a wait's pending check, made from inside onRead
//     after a delivery): the read burst in progress ends without its next read(2). Level-triggered
//     epoll reports anything that arrives later, so nothing waits for it; outside a burst it does nothing.
//   onRead(n): n > 0 a record of n bytes is in buffer; 0 drained (EAGAIN); < 0 a failed read or poll
//   (-errno) or end of file (-4095, libuv's UV_EOF); after a negative n the watch has stopped.
// close() stops the watch and closes the fd (libuv requires the poll to stop before the fd closes).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <node_api.h>
#include <uv.h>

#define EOF_CODE (-4095)

typedef struct {
  uv_poll_t poll;
  napi_env env;
  napi_ref on_read;
  napi_ref buffer;
  napi_async_context context;
  uint8_t *data;
  size_t size;
  int fd;
  int active;
  int closed;
  int in_burst; // on_readable's read loop is running (calls into JS may happen)
  int emptied;  // set by emptied() during the burst: stop it before the next read
} watch_t;

#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, NULL, "fdwatch: " #call " failed");            \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

// Calls onRead(n) as a top-level callback (the receiver must be an object: the global one) (napi_make_callback runs the microtasks afterwards, so a
// promise the handler resolves settles in the same turn). A throw becomes an uncaught exception.
static void call_js(watch_t *w, int32_t n) {
  napi_env env = w->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, recv, arg, result;
  if (napi_get_reference_value(env, w->on_read, &fn) == napi_ok && napi_get_global(env, &recv) == napi_ok &&
      napi_create_int32(env, n, &arg) == napi_ok) {
    if (napi_make_callback(env, w->context, recv, fn, 1, &arg, &result) == napi_pending_exception) {
      napi_value error;
      if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
    }
  }
  napi_close_handle_scope(env, scope);
}

static void stop_poll(watch_t *w) {
  if (w->active) {
    uv_poll_stop(&w->poll);
    w->active = 0;
  }
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  watch_t *w = (watch_t *)handle->data;
  if (status < 0) {
    // libuv reports POLLERR as UV_EBADF and stops the handle; a read gives the real cause (EIO from a
    // /dev/uioN whose device went away), which the caller tells removal by.
    stop_poll(w);
    ssize_t n;
    do n = read(w->fd, w->data, w->size);
    while (n < 0 && errno == EINTR);
    call_js(w, n < 0 && errno != EAGAIN && errno != EWOULDBLOCK ? -errno : status);
    return;
  }
  // Read records until EAGAIN, or until JS read the fd empty itself (emptied()); the callback may stop
  // or close the watch, so check after each one. A close frees w only in a later loop turn (uv_close).
  w->in_burst = 1;
  w->emptied = 0;
  while (w->active) {
    ssize_t n = read(w->fd, w->data, w->size);
    if (n > 0) {
      call_js(w, (int32_t)n);
      if (w->emptied) break;
    } else if (n == 0) {
      stop_poll(w);
      call_js(w, EOF_CODE);
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      call_js(w, 0);
      break;
    } else {
      int e = errno;
      stop_poll(w);
      call_js(w, -e);
    }
  }
  w->in_burst = 0;
  w->emptied = 0;
}

static watch_t *unwrap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *p = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_value_external(env, argv[0], &p) != napi_ok) {
    napi_throw_type_error(env, NULL, "fdwatch: expected a watch handle");
    return NULL;
  }
  return (watch_t *)p;
}

static void on_close(uv_handle_t *handle) {
  watch_t *w = (watch_t *)handle->data;
  napi_delete_reference(w->env, w->on_read);
  napi_delete_reference(w->env, w->buffer);
  napi_async_destroy(w->env, w->context);
  free(w);
}

static napi_value js_watch(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "fdwatch.watch(fd, buffer, onRead)");
    return NULL;
  }
  int32_t fd;
  CHECK(napi_get_value_int32(env, argv[0], &fd));
  void *data;
  size_t size;
  CHECK(napi_get_buffer_info(env, argv[1], &data, &size));
  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  // Non-blocking, so the read loop ends with EAGAIN instead of blocking the event loop.
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    napi_value code, msg, err;
    napi_create_int32(env, errno, &code);
    napi_create_string_utf8(env, "fcntl", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_set_named_property(env, err, "errno", code);
    napi_throw(env, err);
    return NULL;
  }
  watch_t *w = calloc(1, sizeof *w);
  if (w == NULL) {
    napi_throw_error(env, NULL, "fdwatch: out of memory");
    return NULL;
  }
  w->env = env;
  w->fd = fd;
  w->data = data;
  w->size = size;
  int rc = uv_poll_init(loop, &w->poll, fd);
  if (rc < 0) {
    free(w);
    napi_value code, msg, err;
    napi_create_int32(env, rc, &code);
    napi_create_string_utf8(env, "uv_poll_init", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_set_named_property(env, err, "errno", code);
    napi_throw(env, err);
    return NULL;
  }
  w->poll.data = w;
  napi_value name, resource;
  CHECK(napi_create_reference(env, argv[2], 1, &w->on_read));
  CHECK(napi_create_reference(env, argv[1], 1, &w->buffer));
  CHECK(napi_create_string_utf8(env, "regmill:fdwatch", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_object(env, &resource));
  CHECK(napi_async_init(env, resource, name, &w->context));
  napi_value handle;
  CHECK(napi_create_external(env, w, NULL, NULL, &handle));
  return handle;
}

static napi_value js_start(napi_env env, napi_callback_info info) {
  watch_t *w = unwrap(env, info);
  if (w == NULL || w->closed || w->active) return NULL;
  int rc = uv_poll_start(&w->poll, UV_READABLE, on_readable);
  if (rc < 0) {
    napi_value code, msg, err;
    napi_create_int32(env, rc, &code);
    napi_create_string_utf8(env, "uv_poll_start", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_set_named_property(env, err, "errno", code);
    napi_throw(env, err);
    return NULL;
  }
  w->active = 1;
  return NULL;
}

static napi_value js_stop(napi_env env, napi_callback_info info) {
  watch_t *w = unwrap(env, info);
  if (w != NULL && !w->closed) stop_poll(w);
  return NULL;
}

static napi_value js_emptied(napi_env env, napi_callback_info info) {
  watch_t *w = unwrap(env, info);
  if (w != NULL && !w->closed && w->in_burst) w->emptied = 1;
  return NULL;
}

// A watch that does not keep the process alive (a background watch; uv_unref).
static napi_value js_unref(napi_env env, napi_callback_info info) {
  watch_t *w = unwrap(env, info);
  if (w != NULL && !w->closed) uv_unref((uv_handle_t *)&w->poll);
  return NULL;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  watch_t *w = unwrap(env, info);
  if (w == NULL || w->closed) return NULL;
  stop_poll(w);
  w->closed = 1;
  close(w->fd);
  uv_close((uv_handle_t *)&w->poll, on_close);
  return NULL;
}

// readNow(fd, buffer, length) → bytes read (0 at end of file), or -errno (-EAGAIN when nothing is
// there): the non-blocking read a wait makes before watching, without fs.readSync's exception per
// EAGAIN (an Error Node builds in full, ~2 µs of CPU per wait).
static napi_value js_read_now(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "fdwatch.readNow(fd, buffer, length)");
    return NULL;
  }
  int32_t fd;
  uint32_t length;
  void *data;
  size_t size;
  CHECK(napi_get_value_int32(env, argv[0], &fd));
  CHECK(napi_get_buffer_info(env, argv[1], &data, &size));
  CHECK(napi_get_value_uint32(env, argv[2], &length));
  if (length > size) length = (uint32_t)size;
  ssize_t n;
  do n = read(fd, data, length);
  while (n < 0 && errno == EINTR);
  napi_value result;
  CHECK(napi_create_int32(env, n < 0 ? -errno : (int32_t)n, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"watch", NULL, js_watch, NULL, NULL, NULL, napi_default, NULL},
      {"start", NULL, js_start, NULL, NULL, NULL, napi_default, NULL},
      {"stop", NULL, js_stop, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"unref", NULL, js_unref, NULL, NULL, NULL, napi_default, NULL},
      {"readNow", NULL, js_read_now, NULL, NULL, NULL, napi_default, NULL},
      {"emptied", NULL, js_emptied, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
