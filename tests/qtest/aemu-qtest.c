/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aemu-qtest: a small client for QEMU's qtest protocol (see aemu-qtest.h).
 *
 * Transport.  The client listens on a unix socket in a private temporary
 * directory and starts QEMU with `-qtest unix:PATH`; QEMU connects to it while
 * it creates its back ends, before any -device is realized.  A socket (rather
 * than `-qtest stdio`) keeps the protocol apart from anything QEMU prints on
 * stdout, and lets stderr be either inherited or captured to a file.  QEMU's
 * own qtest log goes to stderr unless -qtest-log is given, so the client
 * always passes `-qtest-log /dev/null` (or AEMU_QTEST_LOG).
 *
 * Start-up.  QEMU reads the qtest socket only once its main loop runs, i.e.
 * after every device was created.  The client therefore sends one harmless
 * request ("endianness") and waits for its answer: an answer means QEMU is up
 * and the device arguments were accepted; end-of-file means QEMU exited (a bad
 * property, an unknown device, ...) and its exit status and stderr tell why.
 *
 * Clock.  The protocol has no "read the clock" request.  `clock_set 0` never
 * advances the clock (it is always in the past) and answers with the current
 * time after either "OK" (if the clock is 0) or "FAIL"; aqt_clock_get() uses
 * that.
 *
 * MSI and guest RAM on q35.  A PCI device's MSI is a 32-bit memory write of
 * the message data to the message address in the device's bus-master address
 * space.  With no vIOMMU that is the machine's system memory, where the APIC's
 * 0xfee00000 window is just one region among RAM and MMIO: an address in RAM
 * is an ordinary RAM write (one little-endian dword, data zero-extended), so a
 * test points MSI at a RAM cell it allocated and reads the data back.  The
 * write goes out only while Bus Master Enable is set in COMMAND (QEMU gates
 * the bus-master address space on it); aqt_pci_map_bars() sets it.
 * test-qtest-client's msix-to-ram case checks this with a pcie-root-port's
 * MSI-X (MSI and MSI-X share QEMU's msi_send_message()).
 *
 * 64-bit BARs.  q35 maps the whole PCI memory address space under system
 * memory at priority -1, so a BAR anywhere outside RAM is reachable, above
 * 4 GiB included; qtest's readl/writel go through the CPU address space.
 * aqt_pci_map_bars() therefore puts 64-bit BARs at 64 GiB and up by default.
 */
#include "aemu-qtest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define AQT_DEFAULT_FW_ARGS "-L /usr/share/seabios -L /usr/share/qemu"
#define AQT_DEFAULT_TIMEOUT_MS 60000u
#define AQT_QUIT_GRACE_MS 10000u
#define AQT_CHUNK 32768u            /* bytes per read/write request */

#define AQT_ALLOC_BASE (16ull << 20)
#define AQT_DEFAULT_RAM (128ull << 20)
#define AQT_MEM32_BASE 0xc0000000ull
#define AQT_MEM32_LIMIT 0xfec00000ull
#define AQT_MEM64_BASE (64ull << 30)
#define AQT_MEM64_LIMIT (1ull << 40)
#define AQT_IO_BASE 0xc000u
#define AQT_IO_LIMIT 0x10000u
#define AQT_MMCFG_BASE 0xb0000000ull
#define AQT_Q35_PCIEXBAR 0x60

struct AemuQTest {
    pid_t pid;              /* QEMU child; 0 once reaped */
    int wstatus;            /* valid once pid == 0 */
    bool sent_kill;         /* we sent SIGKILL (timeout or fatal error) */
    int fd;                 /* qtest connection */
    int qmp_fd;             /* QMP monitor connection */
    bool qmp_ready;         /* greeting read, capabilities negotiated */
    GString *qmp_rx;
    char *tmpdir;
    char *sock_path;
    char *qmp_path;
    int stderr_fd;          /* unlinked capture file, -1 if inherited */
    GString *rx;
    unsigned timeout_ms;
    char *last_cmd;

    bool irq_level[AQT_MAX_IRQ];
    unsigned irq_raises[AQT_MAX_IRQ];
    unsigned irq_events;

    uint64_t mem32_next, mem32_limit, mem64_next, mem64_limit;
    uint32_t io_next, io_limit;
    uint64_t alloc_next, alloc_limit;
    bool mmcfg_on;
};

/* ------------------------------------------------------------------------ */
/* Killing children on abort                                                */

#define AQT_MAX_LIVE 32
static volatile pid_t live_pids[AQT_MAX_LIVE];
static struct sigaction old_abrt;
static bool abrt_installed;

static void abrt_handler(int sig)
{
    for (unsigned i = 0; i < AQT_MAX_LIVE; i++) {
        if (live_pids[i] > 0) {
            kill(live_pids[i], SIGKILL);
        }
    }
    /* Give the previous handler (e.g. the default) its turn. */
    sigaction(SIGABRT, &old_abrt, NULL);
    raise(sig);
}

static void live_add(pid_t pid)
{
    if (!abrt_installed) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = abrt_handler;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGABRT, &sa, &old_abrt);
        abrt_installed = true;
    }
    for (unsigned i = 0; i < AQT_MAX_LIVE; i++) {
        if (live_pids[i] == 0) {
            live_pids[i] = pid;
            return;
        }
    }
    /* More than AQT_MAX_LIVE at once: PR_SET_PDEATHSIG still covers it. */
}

static void live_remove(pid_t pid)
{
    for (unsigned i = 0; i < AQT_MAX_LIVE; i++) {
        if (live_pids[i] == pid) {
            live_pids[i] = 0;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static int64_t now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static char *describe_status(int wstatus)
{
    if (WIFEXITED(wstatus)) {
        return g_strdup_printf("exited with status %d", WEXITSTATUS(wstatus));
    }
    if (WIFSIGNALED(wstatus)) {
        return g_strdup_printf("was killed by signal %d (%s)",
                               WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
    }
    return g_strdup_printf("ended with wait status 0x%x", wstatus);
}

/* Reap the child if it has exited; returns true if it is gone. */
static bool child_gone(AemuQTest *qt)
{
    if (qt->pid == 0) {
        return true;
    }
    pid_t r = waitpid(qt->pid, &qt->wstatus, WNOHANG);
    if (r == qt->pid) {
        live_remove(qt->pid);
        qt->pid = 0;
        return true;
    }
    return false;
}

/* Wait up to ms for the child to exit; returns true if it is gone. */
static bool child_wait(AemuQTest *qt, unsigned ms)
{
    int64_t deadline = now_ms() + ms;

    while (!child_gone(qt)) {
        if (now_ms() >= deadline) {
            return false;
        }
        g_usleep(2000);
    }
    return true;
}

static void child_kill(AemuQTest *qt)
{
    if (!child_gone(qt)) {
        kill(qt->pid, SIGKILL);
        qt->sent_kill = true;
        while (waitpid(qt->pid, &qt->wstatus, 0) < 0 && errno == EINTR) {
        }
        live_remove(qt->pid);
        qt->pid = 0;
    }
}

/*
 * QEMU's captured stderr.  The file is already unlinked; QEMU's fd 2 shares
 * its offset with stderr_fd, so only pread() is used here.
 */
static char *read_capture(AemuQTest *qt)
{
    GString *text = g_string_new(NULL);
    char buf[4096];
    off_t off = 0;
    ssize_t n;

    if (qt->stderr_fd >= 0) {
        while ((n = pread(qt->stderr_fd, buf, sizeof(buf), off)) > 0 ||
               (n < 0 && errno == EINTR)) {
            if (n > 0) {
                g_string_append_len(text, buf, n);
                off += n;
            }
        }
    }
    return g_string_free(text, FALSE);
}

/* The private directory only matters until QEMU has connected. */
static void remove_tmpdir(AemuQTest *qt)
{
    if (qt->tmpdir) {
        if (qt->sock_path) {
            unlink(qt->sock_path);
        }
        if (qt->qmp_path) {
            unlink(qt->qmp_path);
        }
        rmdir(qt->tmpdir);
        g_clear_pointer(&qt->tmpdir, g_free);
    }
}

static void handle_free(AemuQTest *qt)
{
    if (qt->fd >= 0) {
        close(qt->fd);
    }
    if (qt->qmp_fd >= 0) {
        close(qt->qmp_fd);
    }
    if (qt->qmp_rx) {
        g_string_free(qt->qmp_rx, TRUE);
    }
    g_free(qt->qmp_path);
    if (qt->stderr_fd >= 0) {
        close(qt->stderr_fd);
    }
    remove_tmpdir(qt);
    g_free(qt->sock_path);
    g_free(qt->last_cmd);
    if (qt->rx) {
        g_string_free(qt->rx, TRUE);
    }
    g_free(qt);
}

/*
 * Fatal error: kill QEMU, say what happened and abort the test program.
 * qt may be NULL.
 */
static G_GNUC_NORETURN void G_GNUC_PRINTF(2, 3)
aqt_fatal(AemuQTest *qt, const char *fmt, ...)
{
    va_list ap;
    GString *msg = g_string_new("aemu-qtest: ");

    va_start(ap, fmt);
    g_string_append_vprintf(msg, fmt, ap);
    va_end(ap);

    if (qt) {
        bool was_alive = qt->pid != 0 && !child_gone(qt);

        if (qt->last_cmd) {
            g_string_append_printf(msg, "\n  last request: %s", qt->last_cmd);
        }
        child_kill(qt);
        if (!was_alive || !qt->sent_kill) {
            g_autofree char *st = describe_status(qt->wstatus);
            g_string_append_printf(msg, "\n  QEMU %s", st);
        }
        if (qt->stderr_fd >= 0) {
            g_autofree char *err = read_capture(qt);
            g_string_append_printf(msg, "\n  QEMU stderr:\n%s", err);
        }
        remove_tmpdir(qt);
    }
    fflush(NULL);
    g_error("%s", msg->str);
}

static unsigned default_timeout_ms(void)
{
    const char *s = g_getenv("AEMU_QTEST_TIMEOUT");

    if (s && *s) {
        double sec = g_ascii_strtod(s, NULL);
        if (sec > 0) {
            return (unsigned)(sec * 1000.0);
        }
    }
    return AQT_DEFAULT_TIMEOUT_MS;
}

const char *aqt_qemu_path(void)
{
    const char *p = g_getenv("AEMU_QEMU");

    return (p && *p) ? p : NULL;
}

/*
 * Parse a `-m` value (QEMU's syntax: "512", "512M", "2G", "size=2G,...";
 * a bare number is MiB) into bytes; 0 if it cannot be parsed.
 */
static uint64_t parse_ram_size(const char *s)
{
    const char *p = strstr(s, "size=");
    char *end;
    uint64_t v;

    if (p) {
        s = p + 5;
    }
    errno = 0;
    v = g_ascii_strtoull(s, &end, 10);
    if (errno || end == s) {
        return 0;
    }
    switch (*end) {
    case 'k': case 'K': return v << 10;
    case 'g': case 'G': return v << 30;
    case 't': case 'T': return v << 40;
    case 'b': case 'B': return v;
    default: return v << 20;         /* "", 'M', ',' */
    }
}

/* ------------------------------------------------------------------------ */
/* Start-up                                                                 */

typedef enum {
    AQT_SPAWN_OK,           /* QEMU answered */
    AQT_SPAWN_EXITED,       /* QEMU exited during start-up */
    AQT_SPAWN_HUNG,         /* no connection or no answer within the timeout */
} AqtSpawnResult;

static bool send_line(AemuQTest *qt, const char *line);
static char *recv_line(AemuQTest *qt, bool *eof);

static int listen_socket(const char *path)
{
    struct sockaddr_un addr;
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, path);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/*
 * Spawn QEMU and wait until it answers a first request.  With capture, its
 * stderr goes to a file in the private directory.  Always returns a handle
 * (with pid 0 if QEMU is gone) and sets *result.
 */
static AemuQTest *spawn_qemu(const char *extra_args, bool capture,
                             AqtSpawnResult *result)
{
    const char *qemu = aqt_qemu_path();
    const char *fw = g_getenv("AEMU_QEMU_FIRMWARE_ARGS");
    const char *log = g_getenv("AEMU_QTEST_LOG");
    g_auto(GStrv) fw_argv = NULL;
    g_auto(GStrv) extra_argv = NULL;
    g_autoptr(GPtrArray) argv = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *cmdline = NULL;
    AemuQTest *qt;
    int lfd, qmp_lfd, efd = -1, nullfd;
    pid_t parent = getpid();
    int64_t deadline;

    if (!qemu) {
        aqt_fatal(NULL, "AEMU_QEMU is not set: point it at the "
                  "qemu-system-x86_64 built with amdgpu-emu "
                  "(scripts/build-qemu.sh builds it)");
    }
    if (!fw) {
        fw = AQT_DEFAULT_FW_ARGS;
    }
    if (!log || !*log) {
        log = "/dev/null";
    } else if (strcmp(log, "stderr") == 0) {
        log = "/dev/fd/2";
    }
    if (*fw && !g_shell_parse_argv(fw, NULL, &fw_argv, &err)) {
        aqt_fatal(NULL, "cannot parse AEMU_QEMU_FIRMWARE_ARGS '%s': %s",
                  fw, err->message);
    }
    if (extra_args && *extra_args &&
        !g_shell_parse_argv(extra_args, NULL, &extra_argv, &err)) {
        if (err->code != G_SHELL_ERROR_EMPTY_STRING) {
            aqt_fatal(NULL, "cannot parse QEMU arguments '%s': %s",
                      extra_args, err->message);
        }
    }

    qt = g_new0(AemuQTest, 1);
    qt->fd = -1;
    qt->qmp_fd = -1;
    qt->stderr_fd = -1;
    qt->rx = g_string_new(NULL);
    qt->qmp_rx = g_string_new(NULL);
    qt->timeout_ms = default_timeout_ms();
    qt->mem32_next = AQT_MEM32_BASE;
    qt->mem32_limit = AQT_MEM32_LIMIT;
    qt->mem64_next = AQT_MEM64_BASE;
    qt->mem64_limit = AQT_MEM64_LIMIT;
    qt->io_next = AQT_IO_BASE;
    qt->io_limit = AQT_IO_LIMIT;
    qt->alloc_next = AQT_ALLOC_BASE;
    qt->alloc_limit = AQT_DEFAULT_RAM;

    qt->tmpdir = g_dir_make_tmp("aemu-qtest-XXXXXX", &err);
    if (!qt->tmpdir) {
        aqt_fatal(NULL, "cannot make a temporary directory: %s", err->message);
    }
    qt->sock_path = g_build_filename(qt->tmpdir, "qtest.sock", NULL);
    lfd = listen_socket(qt->sock_path);
    if (lfd < 0) {
        aqt_fatal(NULL, "cannot listen on %s: %s", qt->sock_path,
                  strerror(errno));
    }
    qt->qmp_path = g_build_filename(qt->tmpdir, "qmp.sock", NULL);
    qmp_lfd = listen_socket(qt->qmp_path);
    if (qmp_lfd < 0) {
        aqt_fatal(NULL, "cannot listen on %s: %s", qt->qmp_path,
                  strerror(errno));
    }
    if (capture) {
        g_autofree char *path = g_build_filename(qt->tmpdir, "stderr", NULL);

        efd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (efd < 0) {
            aqt_fatal(NULL, "cannot create %s: %s", path, strerror(errno));
        }
        unlink(path);
    }

    argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(qemu));
    for (char **a = fw_argv; a && *a; a++) {
        g_ptr_array_add(argv, g_strdup(*a));
    }
    g_ptr_array_add(argv, g_strdup("-machine"));
    g_ptr_array_add(argv, g_strdup("q35"));
    g_ptr_array_add(argv, g_strdup("-accel"));
    g_ptr_array_add(argv, g_strdup("qtest"));
    g_ptr_array_add(argv, g_strdup("-display"));
    g_ptr_array_add(argv, g_strdup("none"));
    g_ptr_array_add(argv, g_strdup("-nodefaults"));
    g_ptr_array_add(argv, g_strdup("-qtest"));
    g_ptr_array_add(argv, g_strdup_printf("unix:%s", qt->sock_path));
    g_ptr_array_add(argv, g_strdup("-qtest-log"));
    g_ptr_array_add(argv, g_strdup(log));
    /* The monitor a test asks with aqt_qmp() (QEMU connects to it). */
    g_ptr_array_add(argv, g_strdup("-qmp"));
    g_ptr_array_add(argv, g_strdup_printf("unix:%s", qt->qmp_path));
    for (char **a = extra_argv; a && *a; a++) {
        if (strcmp(*a, "-m") == 0 && a[1]) {
            uint64_t ram = parse_ram_size(a[1]);
            if (ram) {
                /* q35 keeps at most 2 GiB below 4 GiB once RAM is large. */
                qt->alloc_limit = MIN(ram, (uint64_t)0x80000000ull);
            }
        }
        g_ptr_array_add(argv, g_strdup(*a));
    }
    g_ptr_array_add(argv, NULL);
    cmdline = g_strjoinv(" ", (char **)argv->pdata);
    g_test_message("starting QEMU: %s", cmdline);

    nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    fflush(NULL);
    qt->pid = fork();
    if (qt->pid < 0) {
        aqt_fatal(NULL, "fork: %s", strerror(errno));
    }
    if (qt->pid == 0) {
        /* Child: only async-signal-safe calls from here on. */
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != parent) {
            _exit(127);
        }
#endif
        if (nullfd >= 0) {
            dup2(nullfd, 0);
        }
        if (efd >= 0) {
            dup2(efd, 2);
        }
        execv((const char *)argv->pdata[0], (char **)argv->pdata);
        {
            static const char m[] = "aemu-qtest: cannot execute AEMU_QEMU\n";
            ssize_t r = write(2, m, sizeof(m) - 1);
            (void)r;
        }
        _exit(127);
    }
    (void)parent;
    live_add(qt->pid);
    if (nullfd >= 0) {
        close(nullfd);
    }
    qt->stderr_fd = efd;

    /* Wait for QEMU to connect, watching for it to exit instead. */
    deadline = now_ms() + qt->timeout_ms;
    for (;;) {
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };
        int r = poll(&pfd, 1, 50);

        if (r > 0) {
            qt->fd = accept(lfd, NULL, NULL);
            if (qt->fd >= 0) {
                fcntl(qt->fd, F_SETFD, FD_CLOEXEC);
                fcntl(qt->fd, F_SETFL, fcntl(qt->fd, F_GETFL) | O_NONBLOCK);
                break;
            }
        }
        if (child_gone(qt)) {
            close(lfd);
            close(qmp_lfd);
            remove_tmpdir(qt);
            *result = AQT_SPAWN_EXITED;
            return qt;
        }
        if (now_ms() >= deadline) {
            close(lfd);
            close(qmp_lfd);
            child_kill(qt);
            remove_tmpdir(qt);
            *result = AQT_SPAWN_HUNG;
            return qt;
        }
    }
    close(lfd);
    /* QEMU opened the QMP socket too, before it started its main loop. */
    {
        struct pollfd pfd = { .fd = qmp_lfd, .events = POLLIN };

        if (poll(&pfd, 1, (int)qt->timeout_ms) > 0) {
            qt->qmp_fd = accept(qmp_lfd, NULL, NULL);
            if (qt->qmp_fd >= 0) {
                fcntl(qt->qmp_fd, F_SETFD, FD_CLOEXEC);
                fcntl(qt->qmp_fd, F_SETFL,
                      fcntl(qt->qmp_fd, F_GETFL) | O_NONBLOCK);
            }
        }
    }
    close(qmp_lfd);
    remove_tmpdir(qt);

    /* QEMU answers only once its devices exist and its main loop runs. */
    {
        bool eof = false;
        g_autofree char *line = NULL;

        g_free(qt->last_cmd);
        qt->last_cmd = g_strdup("endianness");
        if (send_line(qt, "endianness\n")) {
            line = recv_line(qt, &eof);
        } else {
            eof = true;
        }
        if (!line) {
            if (eof) {
                child_wait(qt, qt->timeout_ms);
            }
            if (!child_gone(qt)) {
                child_kill(qt);
                *result = AQT_SPAWN_HUNG;
            } else {
                *result = AQT_SPAWN_EXITED;
            }
            return qt;
        }
        if (strcmp(line, "OK little") != 0) {
            aqt_fatal(qt, "unexpected answer to 'endianness': '%s'", line);
        }
    }
    *result = AQT_SPAWN_OK;
    return qt;
}

static AemuQTest *start_common(bool capture, char **stderr_out,
                               const char *fmt, va_list ap)
{
    g_autofree char *args = g_strdup_vprintf(fmt ? fmt : "", ap);
    AqtSpawnResult res;
    AemuQTest *qt = spawn_qemu(args, capture, &res);

    if (stderr_out) {
        *stderr_out = NULL;
    }
    if (res == AQT_SPAWN_OK) {
        return qt;
    }
    if (!capture) {
        aqt_fatal(qt, "QEMU did not start (%s); arguments: %s",
                  res == AQT_SPAWN_HUNG ? "no answer within the timeout"
                                        : "it exited during start-up", args);
    }
    if (stderr_out) {
        *stderr_out = read_capture(qt);
    }
    handle_free(qt);
    return NULL;
}

AemuQTest *aqt_start(const char *extra_args_fmt, ...)
{
    va_list ap;
    AemuQTest *qt;

    va_start(ap, extra_args_fmt);
    qt = start_common(false, NULL, extra_args_fmt, ap);
    va_end(ap);
    return qt;
}

AemuQTest *aqt_try_start(char **stderr_out, const char *extra_args_fmt, ...)
{
    va_list ap;
    AemuQTest *qt;

    va_start(ap, extra_args_fmt);
    qt = start_common(true, stderr_out, extra_args_fmt, ap);
    va_end(ap);
    return qt;
}

bool aqt_run_expect_fail(const char *args, char **stderr_out)
{
    AqtSpawnResult res;
    AemuQTest *qt = spawn_qemu(args, true, &res);
    bool refused = false;

    if (res == AQT_SPAWN_OK || res == AQT_SPAWN_HUNG) {
        child_kill(qt);
    } else {
        refused = WIFEXITED(qt->wstatus) && WEXITSTATUS(qt->wstatus) != 0;
        if (!refused) {
            g_autofree char *st = describe_status(qt->wstatus);
            g_test_message("aqt_run_expect_fail: QEMU %s", st);
        }
    }
    if (stderr_out) {
        *stderr_out = read_capture(qt);
    }
    handle_free(qt);
    return refused;
}

int aqt_quit(AemuQTest *qt)
{
    int wstatus;
    bool crashed;
    g_autofree char *st = NULL;
    g_autofree char *err = NULL;

    if (!qt) {
        return 0;
    }
    if (!child_gone(qt)) {
        kill(qt->pid, SIGTERM);
        if (!child_wait(qt, AQT_QUIT_GRACE_MS)) {
            g_test_message("aemu-qtest: QEMU ignored SIGTERM for %u ms; "
                           "sending SIGKILL", AQT_QUIT_GRACE_MS);
            child_kill(qt);
        }
    }
    wstatus = qt->wstatus;
    crashed = WIFSIGNALED(wstatus) ? !(qt->sent_kill &&
                                       WTERMSIG(wstatus) == SIGKILL)
                                   : WEXITSTATUS(wstatus) != 0;
    if (crashed) {
        st = describe_status(wstatus);
        err = read_capture(qt);
        handle_free(qt);
        aqt_fatal(NULL, "QEMU %s instead of exiting cleanly%s%s", st,
                  *err ? "; its stderr:\n" : "", err);
    }
    handle_free(qt);
    return wstatus;
}

char *aqt_stderr(AemuQTest *qt)
{
    return read_capture(qt);
}

int aqt_pid(AemuQTest *qt)
{
    return qt->pid;
}

void aqt_set_timeout_ms(AemuQTest *qt, unsigned ms)
{
    qt->timeout_ms = ms ? ms : default_timeout_ms();
}

/* ------------------------------------------------------------------------ */
/* Wire                                                                     */

/* Send all of line; false if QEMU closed the connection. */
static bool send_fd(AemuQTest *qt, int fd, const char *line)
{
    size_t len = strlen(line), done = 0;
    int64_t deadline = now_ms() + qt->timeout_ms;

    while (done < len) {
        ssize_t n = send(fd, line + done, len - done, MSG_NOSIGNAL);

        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            int64_t left = deadline - now_ms();

            if (left <= 0) {
                aqt_fatal(qt, "QEMU did not read a request within %u ms",
                          qt->timeout_ms);
            }
            poll(&pfd, 1, (int)MIN(left, 1000));
            continue;
        }
        return false;
    }
    return true;
}

/*
 * Receive one line (without '\n'); NULL on end-of-file (*eof = true) or
 * timeout (*eof = false).
 */
static char *recv_fd(AemuQTest *qt, int fd, GString *rx, unsigned timeout_ms,
                     bool *eof)
{
    int64_t deadline = now_ms() + timeout_ms;
    char *nl;

    *eof = false;
    while ((nl = memchr(rx->str, '\n', rx->len)) == NULL) {
        char buf[4096];
        ssize_t n = recv(fd, buf, sizeof(buf), 0);

        if (n > 0) {
            g_string_append_len(rx, buf, n);
            continue;
        }
        if (n == 0) {
            *eof = true;
            return NULL;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            int64_t left = deadline - now_ms();

            if (left <= 0) {
                return NULL;
            }
            poll(&pfd, 1, (int)MIN(left, 1000));
            continue;
        }
        *eof = true;
        return NULL;
    }
    {
        size_t len = (size_t)(nl - rx->str);
        char *line = g_strndup(rx->str, len);

        g_string_erase(rx, 0, (gssize)len + 1);
        return line;
    }
}

static bool send_line(AemuQTest *qt, const char *line)
{
    return send_fd(qt, qt->fd, line);
}

static char *recv_line(AemuQTest *qt, bool *eof)
{
    return recv_fd(qt, qt->fd, qt->rx, qt->timeout_ms, eof);
}

/*
 * One QMP exchange: send a command, return the line that answers it
 * ("return" or "error"), skipping the events QEMU may send before it.
 */
static char *qmp_exchange(AemuQTest *qt, const char *cmd, unsigned timeout_ms)
{
    g_autofree char *req = g_strdup_printf("%s\n", cmd);

    if (qt->qmp_fd < 0) {
        aqt_fatal(qt, "QEMU did not connect to the QMP socket");
    }
    if (!send_fd(qt, qt->qmp_fd, req)) {
        aqt_fatal(qt, "QEMU closed the QMP connection on '%s'", cmd);
    }
    for (;;) {
        bool eof;
        char *line = recv_fd(qt, qt->qmp_fd, qt->qmp_rx, timeout_ms, &eof);

        if (!line) {
            if (eof) {
                aqt_fatal(qt, "QEMU closed the QMP connection on '%s'", cmd);
            }
            return NULL;
        }
        if (strstr(line, "\"return\"") || strstr(line, "\"error\"")) {
            return line;
        }
        g_free(line);       /* an event */
    }
}

char *aqt_qmp(AemuQTest *qt, const char *cmd, unsigned timeout_ms)
{
    if (!qt->qmp_ready) {
        bool eof;
        g_autofree char *greeting = recv_fd(qt, qt->qmp_fd, qt->qmp_rx,
                                            qt->timeout_ms, &eof);
        g_autofree char *caps = NULL;

        if (!greeting || !strstr(greeting, "\"QMP\"")) {
            aqt_fatal(qt, "no QMP greeting");
        }
        caps = qmp_exchange(qt, "{\"execute\": \"qmp_capabilities\"}",
                            qt->timeout_ms);
        if (!caps || !strstr(caps, "\"return\"")) {
            aqt_fatal(qt, "QMP capabilities negotiation failed");
        }
        qt->qmp_ready = true;
    }
    return qmp_exchange(qt, cmd, timeout_ms ? timeout_ms : qt->timeout_ms);
}

uint64_t aqt_rss_kib(AemuQTest *qt)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)qt->pid);
    g_autofree char *text = NULL;
    const char *rss;

    if (!g_file_get_contents(path, &text, NULL, NULL) ||
        !(rss = strstr(text, "VmRSS:"))) {
        aqt_fatal(qt, "cannot read VmRSS from %s", path);
    }
    return g_ascii_strtoull(rss + strlen("VmRSS:"), NULL, 10);
}

/* Record an "IRQ raise N" / "IRQ lower N" line; false if it is not one. */
static bool handle_irq_line(AemuQTest *qt, const char *line)
{
    g_auto(GStrv) w = NULL;
    char *end;
    unsigned long n;

    if (strncmp(line, "IRQ ", 4) != 0) {
        return false;
    }
    w = g_strsplit(line, " ", 0);
    if (!w[1] || !w[2]) {
        aqt_fatal(qt, "malformed IRQ line '%s'", line);
    }
    n = strtoul(w[2], &end, 0);
    if (*end || n >= AQT_MAX_IRQ) {
        aqt_fatal(qt, "bad IRQ number in '%s'", line);
    }
    if (strcmp(w[1], "raise") == 0) {
        qt->irq_level[n] = true;
        qt->irq_raises[n]++;
    } else if (strcmp(w[1], "lower") == 0) {
        qt->irq_level[n] = false;
    } else {
        aqt_fatal(qt, "malformed IRQ line '%s'", line);
    }
    qt->irq_events++;
    return true;
}

/* Send a request and return the answer line (IRQ lines consumed). */
static char *transact(AemuQTest *qt, const char *req)
{
    g_autofree char *line = g_strconcat(req, "\n", NULL);

    if (qt->pid == 0 && qt->fd < 0) {
        aqt_fatal(qt, "QEMU is not running");
    }
    g_free(qt->last_cmd);
    qt->last_cmd = strlen(req) > 200 ? g_strdup_printf("%.200s...", req)
                                     : g_strdup(req);
    if (!send_line(qt, line)) {
        child_wait(qt, 2000);
        aqt_fatal(qt, "QEMU closed the qtest connection");
    }
    for (;;) {
        bool eof;
        char *ans = recv_line(qt, &eof);

        if (!ans) {
            if (eof) {
                child_wait(qt, 2000);
                aqt_fatal(qt, "QEMU closed the qtest connection");
            }
            aqt_fatal(qt, "no answer from QEMU within %u ms", qt->timeout_ms);
        }
        if (handle_irq_line(qt, ans)) {
            g_free(ans);
            continue;
        }
        return ans;
    }
}

char *aqt_cmd(AemuQTest *qt, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *req = NULL;

    va_start(ap, fmt);
    req = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return transact(qt, req);
}

/* Request that must answer "OK" with at least nargs values; returns words. */
static GStrv transact_ok(AemuQTest *qt, const char *req, unsigned nargs)
{
    g_autofree char *ans = transact(qt, req);
    GStrv w = g_strsplit(ans, " ", 0);

    if (strcmp(w[0], "OK") != 0 || g_strv_length(w) < nargs + 1) {
        g_strfreev(w);
        aqt_fatal(qt, "QEMU answered '%s'", ans);
    }
    return w;
}

static uint64_t parse_u64(AemuQTest *qt, const char *s)
{
    char *end;
    uint64_t v;

    errno = 0;
    v = g_ascii_strtoull(s, &end, 0);
    if (errno || end == s || *end) {
        aqt_fatal(qt, "cannot parse number '%s'", s);
    }
    return v;
}

static int64_t parse_i64(AemuQTest *qt, const char *s)
{
    char *end;
    int64_t v;

    errno = 0;
    v = g_ascii_strtoll(s, &end, 0);
    if (errno || end == s || *end) {
        aqt_fatal(qt, "cannot parse number '%s'", s);
    }
    return v;
}

static void cmd_ok(AemuQTest *qt, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void cmd_ok(AemuQTest *qt, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *req = NULL;

    va_start(ap, fmt);
    req = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_strfreev(transact_ok(qt, req, 0));
}

static uint64_t cmd_val(AemuQTest *qt, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static uint64_t cmd_val(AemuQTest *qt, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *req = NULL;
    g_auto(GStrv) w = NULL;

    va_start(ap, fmt);
    req = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    w = transact_ok(qt, req, 1);
    return parse_u64(qt, w[1]);
}

void aqt_sync(AemuQTest *qt)
{
    g_strfreev(transact_ok(qt, "endianness", 1));
}

/* ------------------------------------------------------------------------ */
/* I/O ports, memory, clock                                                 */

void aqt_outb(AemuQTest *qt, uint16_t port, uint8_t v)
{
    cmd_ok(qt, "outb 0x%x 0x%x", port, v);
}

void aqt_outw(AemuQTest *qt, uint16_t port, uint16_t v)
{
    cmd_ok(qt, "outw 0x%x 0x%x", port, v);
}

void aqt_outl(AemuQTest *qt, uint16_t port, uint32_t v)
{
    cmd_ok(qt, "outl 0x%x 0x%" PRIx32, port, v);
}

uint8_t aqt_inb(AemuQTest *qt, uint16_t port)
{
    return (uint8_t)cmd_val(qt, "inb 0x%x", port);
}

uint16_t aqt_inw(AemuQTest *qt, uint16_t port)
{
    return (uint16_t)cmd_val(qt, "inw 0x%x", port);
}

uint32_t aqt_inl(AemuQTest *qt, uint16_t port)
{
    return (uint32_t)cmd_val(qt, "inl 0x%x", port);
}

uint8_t aqt_readb(AemuQTest *qt, uint64_t addr)
{
    return (uint8_t)cmd_val(qt, "readb 0x%" PRIx64, addr);
}

uint16_t aqt_readw(AemuQTest *qt, uint64_t addr)
{
    return (uint16_t)cmd_val(qt, "readw 0x%" PRIx64, addr);
}

uint32_t aqt_readl(AemuQTest *qt, uint64_t addr)
{
    return (uint32_t)cmd_val(qt, "readl 0x%" PRIx64, addr);
}

uint64_t aqt_readq(AemuQTest *qt, uint64_t addr)
{
    return cmd_val(qt, "readq 0x%" PRIx64, addr);
}

void aqt_writeb(AemuQTest *qt, uint64_t addr, uint8_t v)
{
    cmd_ok(qt, "writeb 0x%" PRIx64 " 0x%x", addr, v);
}

void aqt_writew(AemuQTest *qt, uint64_t addr, uint16_t v)
{
    cmd_ok(qt, "writew 0x%" PRIx64 " 0x%x", addr, v);
}

void aqt_writel(AemuQTest *qt, uint64_t addr, uint32_t v)
{
    cmd_ok(qt, "writel 0x%" PRIx64 " 0x%" PRIx32, addr, v);
}

void aqt_writeq(AemuQTest *qt, uint64_t addr, uint64_t v)
{
    cmd_ok(qt, "writeq 0x%" PRIx64 " 0x%" PRIx64, addr, v);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void aqt_memread(AemuQTest *qt, uint64_t addr, void *buf, size_t len)
{
    uint8_t *out = buf;

    while (len) {
        size_t n = MIN(len, (size_t)AQT_CHUNK);
        g_autofree char *req = g_strdup_printf("read 0x%" PRIx64 " 0x%zx",
                                               addr, n);
        g_auto(GStrv) w = transact_ok(qt, req, 1);
        const char *hex = w[1];

        /* "0x" then two digits per byte. */
        if (strncmp(hex, "0x", 2) != 0 || strlen(hex) != 2 + 2 * n) {
            aqt_fatal(qt, "bad 'read' answer of %zu characters for %zu bytes",
                      strlen(hex), n);
        }
        for (size_t i = 0; i < n; i++) {
            int hi = hexval(hex[2 + 2 * i]), lo = hexval(hex[3 + 2 * i]);

            if (hi < 0 || lo < 0) {
                aqt_fatal(qt, "bad hex digit in 'read' answer");
            }
            out[i] = (uint8_t)(hi << 4 | lo);
        }
        out += n;
        addr += n;
        len -= n;
    }
}

void aqt_memwrite(AemuQTest *qt, uint64_t addr, const void *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *in = buf;

    while (len) {
        size_t n = MIN(len, (size_t)AQT_CHUNK);
        GString *req = g_string_sized_new(64 + 2 * n);

        g_string_printf(req, "write 0x%" PRIx64 " 0x%zx 0x", addr, n);
        for (size_t i = 0; i < n; i++) {
            g_string_append_c(req, digits[in[i] >> 4]);
            g_string_append_c(req, digits[in[i] & 15]);
        }
        g_strfreev(transact_ok(qt, req->str, 0));
        g_string_free(req, TRUE);
        in += n;
        addr += n;
        len -= n;
    }
}

void aqt_memset(AemuQTest *qt, uint64_t addr, uint8_t pattern, size_t len)
{
    if (len) {
        cmd_ok(qt, "memset 0x%" PRIx64 " 0x%zx 0x%x", addr, len, pattern);
    }
}

int64_t aqt_clock_step(AemuQTest *qt, int64_t ns)
{
    g_autofree char *req = NULL;
    g_auto(GStrv) w = NULL;

    if (ns <= 0) {
        aqt_fatal(qt, "aqt_clock_step(%" PRId64 "): ns must be > 0", ns);
    }
    req = g_strdup_printf("clock_step %" PRId64, ns);
    w = transact_ok(qt, req, 1);
    return parse_i64(qt, w[1]);
}

int64_t aqt_clock_step_next(AemuQTest *qt)
{
    g_autofree char *ans = transact(qt, "clock_step");
    g_auto(GStrv) w = g_strsplit(ans, " ", 0);

    if (strcmp(w[0], "OK") == 0 && w[1]) {
        return parse_i64(qt, w[1]);
    }
    if (strcmp(w[0], "FAIL") == 0) {
        return -1;
    }
    aqt_fatal(qt, "QEMU answered '%s'", ans);
}

int64_t aqt_clock_set(AemuQTest *qt, int64_t ns)
{
    g_autofree char *ans = aqt_cmd(qt, "clock_set %" PRId64, ns);
    g_auto(GStrv) w = g_strsplit(ans, " ", 0);

    /* "OK NS" when it got there, "FAIL NOW" when NOW was already past NS. */
    if ((strcmp(w[0], "OK") != 0 && strcmp(w[0], "FAIL") != 0) || !w[1]) {
        aqt_fatal(qt, "QEMU answered '%s'", ans);
    }
    return parse_i64(qt, w[1]);
}

int64_t aqt_clock_get(AemuQTest *qt)
{
    return aqt_clock_set(qt, 0);
}

/* ------------------------------------------------------------------------ */
/* Interrupt lines                                                          */

void aqt_irq_intercept_in(AemuQTest *qt, const char *qom_path)
{
    cmd_ok(qt, "irq_intercept_in %s", qom_path);
}

void aqt_irq_intercept_out(AemuQTest *qt, const char *qom_path)
{
    cmd_ok(qt, "irq_intercept_out %s", qom_path);
}

bool aqt_irq_level(AemuQTest *qt, unsigned n)
{
    g_assert(n < AQT_MAX_IRQ);
    aqt_sync(qt);
    return qt->irq_level[n];
}

unsigned aqt_irq_raise_count(AemuQTest *qt, unsigned n)
{
    g_assert(n < AQT_MAX_IRQ);
    return qt->irq_raises[n];
}

unsigned aqt_irq_event_count(AemuQTest *qt)
{
    return qt->irq_events;
}

void aqt_irq_clear_counts(AemuQTest *qt)
{
    memset(qt->irq_raises, 0, sizeof(qt->irq_raises));
    qt->irq_events = 0;
}

/* ------------------------------------------------------------------------ */
/* PCI configuration space                                                  */

static void cfg_check(AemuQTest *qt, uint16_t bdf, unsigned off, unsigned size)
{
    if (off + size > 0x1000 || (off & (size - 1))) {
        aqt_fatal(qt, "bad config access %02x:%02x.%x offset 0x%x size %u",
                  AQT_BDF_BUS(bdf), AQT_BDF_DEV(bdf), AQT_BDF_FN(bdf), off,
                  size);
    }
}

static void cfg_select(AemuQTest *qt, uint16_t bdf, unsigned off)
{
    aqt_outl(qt, 0xcf8, 0x80000000u | (uint32_t)bdf << 8 | (off & 0xfc));
}

static uint64_t mmcfg_addr(AemuQTest *qt, uint16_t bdf, unsigned off)
{
    return aqt_pci_mmcfg_enable(qt) + ((uint64_t)bdf << 12) + off;
}

uint64_t aqt_pci_mmcfg_enable(AemuQTest *qt)
{
    if (!qt->mmcfg_on) {
        /* 256 MiB window (length bits 0), enable bit 0; high dword first. */
        cfg_select(qt, AQT_BDF(0, 0, 0), AQT_Q35_PCIEXBAR + 4);
        aqt_outl(qt, 0xcfc, (uint32_t)(AQT_MMCFG_BASE >> 32));
        cfg_select(qt, AQT_BDF(0, 0, 0), AQT_Q35_PCIEXBAR);
        aqt_outl(qt, 0xcfc, (uint32_t)AQT_MMCFG_BASE | 1u);
        qt->mmcfg_on = true;
    }
    return AQT_MMCFG_BASE;
}

uint8_t aqt_pci_cfg_read8(AemuQTest *qt, uint16_t bdf, unsigned off)
{
    cfg_check(qt, bdf, off, 1);
    if (off >= 0x100) {
        return aqt_readb(qt, mmcfg_addr(qt, bdf, off));
    }
    cfg_select(qt, bdf, off);
    return aqt_inb(qt, 0xcfc + (off & 3));
}

uint16_t aqt_pci_cfg_read16(AemuQTest *qt, uint16_t bdf, unsigned off)
{
    cfg_check(qt, bdf, off, 2);
    if (off >= 0x100) {
        return aqt_readw(qt, mmcfg_addr(qt, bdf, off));
    }
    cfg_select(qt, bdf, off);
    return aqt_inw(qt, 0xcfc + (off & 2));
}

uint32_t aqt_pci_cfg_read32(AemuQTest *qt, uint16_t bdf, unsigned off)
{
    cfg_check(qt, bdf, off, 4);
    if (off >= 0x100) {
        return aqt_readl(qt, mmcfg_addr(qt, bdf, off));
    }
    cfg_select(qt, bdf, off);
    return aqt_inl(qt, 0xcfc);
}

void aqt_pci_cfg_write8(AemuQTest *qt, uint16_t bdf, unsigned off, uint8_t v)
{
    cfg_check(qt, bdf, off, 1);
    if (off >= 0x100) {
        aqt_writeb(qt, mmcfg_addr(qt, bdf, off), v);
        return;
    }
    cfg_select(qt, bdf, off);
    aqt_outb(qt, 0xcfc + (off & 3), v);
}

void aqt_pci_cfg_write16(AemuQTest *qt, uint16_t bdf, unsigned off, uint16_t v)
{
    cfg_check(qt, bdf, off, 2);
    if (off >= 0x100) {
        aqt_writew(qt, mmcfg_addr(qt, bdf, off), v);
        return;
    }
    cfg_select(qt, bdf, off);
    aqt_outw(qt, 0xcfc + (off & 2), v);
}

void aqt_pci_cfg_write32(AemuQTest *qt, uint16_t bdf, unsigned off, uint32_t v)
{
    cfg_check(qt, bdf, off, 4);
    if (off >= 0x100) {
        aqt_writel(qt, mmcfg_addr(qt, bdf, off), v);
        return;
    }
    cfg_select(qt, bdf, off);
    aqt_outl(qt, 0xcfc, v);
}

bool aqt_pci_find(AemuQTest *qt, uint16_t vendor, uint16_t device,
                  uint16_t *bdf)
{
    for (unsigned dev = 0; dev < 32; dev++) {
        unsigned nfn = 1;

        for (unsigned fn = 0; fn < nfn; fn++) {
            uint16_t f = AQT_BDF(0, dev, fn);
            uint32_t id = aqt_pci_cfg_read32(qt, f, AQT_PCI_VENDOR_ID);

            if ((id & 0xffff) == 0xffff) {
                continue;
            }
            if (fn == 0 &&
                (aqt_pci_cfg_read8(qt, f, AQT_PCI_HEADER_TYPE) & 0x80)) {
                nfn = 8;
            }
            if ((id & 0xffff) == vendor && (id >> 16) == device) {
                if (bdf) {
                    *bdf = f;
                }
                return true;
            }
        }
    }
    return false;
}

/* ------------------------------------------------------------------------ */
/* BARs                                                                     */

static unsigned bar_count(AemuQTest *qt, uint16_t bdf);

uint64_t aqt_pci_bar_probe(AemuQTest *qt, uint16_t bdf, unsigned n,
                           AqtBar *bar)
{
    unsigned off = AQT_PCI_BAR0 + 4 * n;
    uint16_t cmd;
    uint32_t orig, lo, orig_hi = 0, hi = 0;

    memset(bar, 0, sizeof(*bar));
    if (n >= bar_count(qt, bdf)) {
        return 0;       /* a bridge's 0x18.. are bus numbers, not BARs */
    }
    cmd = aqt_pci_cfg_read16(qt, bdf, AQT_PCI_COMMAND);
    aqt_pci_cfg_write16(qt, bdf, AQT_PCI_COMMAND,
                        cmd & ~(AQT_PCI_COMMAND_IO | AQT_PCI_COMMAND_MEMORY));
    orig = aqt_pci_cfg_read32(qt, bdf, off);
    aqt_pci_cfg_write32(qt, bdf, off, 0xffffffffu);
    lo = aqt_pci_cfg_read32(qt, bdf, off);
    aqt_pci_cfg_write32(qt, bdf, off, orig);

    if (orig & 1) {
        uint32_t mask = lo & ~3u;

        bar->is_io = true;
        if (mask) {
            if (!(mask & 0xffff0000u)) {
                mask |= 0xffff0000u;    /* 16-bit I/O decoder */
            }
            bar->size = (uint32_t)(~mask + 1);
        }
        bar->addr = orig & ~3u;
    } else {
        uint64_t mask;

        bar->is_64 = ((orig >> 1) & 3) == 2;
        bar->prefetch = orig & 8;
        if (bar->is_64) {
            if (n == 5) {
                aqt_pci_cfg_write16(qt, bdf, AQT_PCI_COMMAND, cmd);
                aqt_fatal(qt, "BAR5 of %04x claims to be 64-bit", bdf);
            }
            orig_hi = aqt_pci_cfg_read32(qt, bdf, off + 4);
            aqt_pci_cfg_write32(qt, bdf, off + 4, 0xffffffffu);
            hi = aqt_pci_cfg_read32(qt, bdf, off + 4);
            aqt_pci_cfg_write32(qt, bdf, off + 4, orig_hi);
        }
        mask = (uint64_t)hi << 32 | (lo & ~0xfu);
        if (!bar->is_64) {
            mask |= 0xffffffff00000000ull;
        }
        if (lo & ~0xfu || hi) {
            bar->size = ~mask + 1;
        }
        bar->addr = (uint64_t)orig_hi << 32 | (orig & ~0xfu);
    }
    aqt_pci_cfg_write16(qt, bdf, AQT_PCI_COMMAND, cmd);
    if (!bar->size) {
        bar->is_io = bar->is_64 = bar->prefetch = false;
        bar->addr = 0;
    }
    return bar->size;
}

void aqt_pci_set_windows(AemuQTest *qt, uint64_t mem32_base,
                         uint64_t mem32_limit, uint64_t mem64_base)
{
    qt->mem32_next = mem32_base;
    qt->mem32_limit = mem32_limit;
    qt->mem64_next = mem64_base;
}

static uint64_t window_alloc(AemuQTest *qt, uint64_t *next, uint64_t limit,
                             uint64_t size, uint64_t align, const char *what)
{
    uint64_t a = (*next + align - 1) & ~(align - 1);

    if (a < *next || a + size < a || a + size > limit) {
        aqt_fatal(qt, "no room for a %s BAR of 0x%" PRIx64 " bytes "
                  "(next free 0x%" PRIx64 ", limit 0x%" PRIx64 ")",
                  what, size, *next, limit);
    }
    *next = a + size;
    return a;
}

/* How many BARs the header type has: 6 (type 0), 2 (bridge), 1 (CardBus). */
static unsigned bar_count(AemuQTest *qt, uint16_t bdf)
{
    switch (aqt_pci_cfg_read8(qt, bdf, AQT_PCI_HEADER_TYPE) & 0x7f) {
    case 0:
        return 6;
    case 1:
        return 2;
    default:
        return 1;
    }
}

unsigned aqt_pci_map_bars(AemuQTest *qt, uint16_t bdf, AqtBar bars[6])
{
    unsigned order[6], count = 0, mapped = 0;
    unsigned nbars = bar_count(qt, bdf);
    uint16_t cmd;
    bool any_io = false, any_mem = false;

    memset(bars, 0, 6 * sizeof(bars[0]));
    for (unsigned n = 0; n < nbars; n++) {
        if (n > 0 && bars[n - 1].is_64) {
            memset(&bars[n], 0, sizeof(bars[n]));
            bars[n].upper_half = true;
            continue;
        }
        if (aqt_pci_bar_probe(qt, bdf, n, &bars[n])) {
            order[count++] = n;
        }
    }
    /* Largest first, so natural alignment packs without holes. */
    for (unsigned i = 1; i < count; i++) {
        for (unsigned j = i; j > 0 &&
             bars[order[j]].size > bars[order[j - 1]].size; j--) {
            unsigned t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    }

    cmd = aqt_pci_cfg_read16(qt, bdf, AQT_PCI_COMMAND);
    aqt_pci_cfg_write16(qt, bdf, AQT_PCI_COMMAND,
                        cmd & ~(AQT_PCI_COMMAND_IO | AQT_PCI_COMMAND_MEMORY));
    for (unsigned i = 0; i < count; i++) {
        unsigned n = order[i];
        AqtBar *b = &bars[n];
        unsigned off = AQT_PCI_BAR0 + 4 * n;

        if (b->is_io) {
            uint64_t next = qt->io_next;

            b->addr = window_alloc(qt, &next, qt->io_limit, b->size,
                                   MAX(b->size, 4), "I/O");
            qt->io_next = (uint32_t)next;
            any_io = true;
        } else if (b->is_64 && qt->mem64_next) {
            b->addr = window_alloc(qt, &qt->mem64_next, qt->mem64_limit,
                                   b->size, MAX(b->size, 4096), "64-bit");
            any_mem = true;
        } else {
            b->addr = window_alloc(qt, &qt->mem32_next, qt->mem32_limit,
                                   b->size, MAX(b->size, 4096), "32-bit");
            any_mem = true;
        }
        aqt_pci_cfg_write32(qt, bdf, off, (uint32_t)b->addr);
        if (b->is_64) {
            aqt_pci_cfg_write32(qt, bdf, off + 4, (uint32_t)(b->addr >> 32));
        }
        mapped++;
    }
    cmd |= AQT_PCI_COMMAND_MASTER;
    if (any_mem) {
        cmd |= AQT_PCI_COMMAND_MEMORY;
    }
    if (any_io) {
        cmd |= AQT_PCI_COMMAND_IO;
    }
    aqt_pci_cfg_write16(qt, bdf, AQT_PCI_COMMAND, cmd);
    return mapped;
}

uint64_t aqt_pci_map_rom(AemuQTest *qt, uint16_t bdf, uint64_t *addr)
{
    uint32_t orig, v;
    uint64_t size, a;
    uint16_t cmd;

    /* Type 1 (bridge) headers keep the ROM BAR at 0x38. */
    unsigned off = (aqt_pci_cfg_read8(qt, bdf, AQT_PCI_HEADER_TYPE) & 0x7f)
                   == 1 ? 0x38 : AQT_PCI_ROM_ADDRESS;

    orig = aqt_pci_cfg_read32(qt, bdf, off);
    aqt_pci_cfg_write32(qt, bdf, off, 0xfffff800u);
    v = aqt_pci_cfg_read32(qt, bdf, off) & 0xfffff800u;
    if (!v) {
        aqt_pci_cfg_write32(qt, bdf, off, orig);
        if (addr) {
            *addr = 0;
        }
        return 0;
    }
    size = (uint32_t)(~v + 1);
    a = window_alloc(qt, &qt->mem32_next, qt->mem32_limit, size,
                     MAX(size, 4096), "ROM");
    aqt_pci_cfg_write32(qt, bdf, off, (uint32_t)a | 1u);
    cmd = aqt_pci_cfg_read16(qt, bdf, AQT_PCI_COMMAND);
    aqt_pci_cfg_write16(qt, bdf, AQT_PCI_COMMAND,
                        cmd | AQT_PCI_COMMAND_MEMORY);
    if (addr) {
        *addr = a;
    }
    return size;
}

/* ------------------------------------------------------------------------ */
/* Capabilities                                                             */

static uint8_t cap_walk(AemuQTest *qt, uint16_t bdf, uint8_t ptr,
                        uint8_t cap_id)
{
    /* At most 48 capabilities fit in 0x40..0xff: a bound against loops. */
    for (unsigned i = 0; i < 48 && ptr >= 0x40; i++) {
        ptr &= 0xfc;
        if (aqt_pci_cfg_read8(qt, bdf, ptr) == cap_id) {
            return ptr;
        }
        ptr = aqt_pci_cfg_read8(qt, bdf, ptr + 1);
    }
    return 0;
}

uint8_t aqt_pci_find_cap(AemuQTest *qt, uint16_t bdf, uint8_t cap_id)
{
    if (!(aqt_pci_cfg_read16(qt, bdf, AQT_PCI_STATUS) &
          AQT_PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    return cap_walk(qt, bdf, aqt_pci_cfg_read8(qt, bdf,
                                               AQT_PCI_CAPABILITY_LIST),
                    cap_id);
}

uint8_t aqt_pci_find_next_cap(AemuQTest *qt, uint16_t bdf, uint8_t from,
                              uint8_t cap_id)
{
    return cap_walk(qt, bdf, aqt_pci_cfg_read8(qt, bdf, from + 1), cap_id);
}

uint16_t aqt_pci_find_ext_cap(AemuQTest *qt, uint16_t bdf, uint16_t cap_id)
{
    unsigned off = 0x100;

    for (unsigned i = 0; i < (0x1000 - 0x100) / 4; i++) {
        uint32_t hdr = aqt_pci_cfg_read32(qt, bdf, off);

        if (hdr == 0 || hdr == 0xffffffffu) {
            return 0;
        }
        if ((hdr & 0xffff) == cap_id) {
            return (uint16_t)off;
        }
        off = (hdr >> 20) & 0xffc;
        if (off < 0x100) {
            return 0;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* MSI / MSI-X                                                              */

bool aqt_pci_msi_enable(AemuQTest *qt, uint16_t bdf, uint64_t addr,
                        uint16_t data)
{
    uint8_t cap = aqt_pci_find_cap(qt, bdf, AQT_PCI_CAP_ID_MSI);
    uint16_t ctrl;
    bool is64, maskable;
    unsigned data_off, mask_off;

    if (!cap) {
        return false;
    }
    ctrl = aqt_pci_cfg_read16(qt, bdf, cap + 2);
    is64 = ctrl & 0x0080;
    maskable = ctrl & 0x0100;
    if (!is64 && (addr >> 32)) {
        return false;
    }
    data_off = cap + (is64 ? 0x0c : 0x08);
    mask_off = cap + (is64 ? 0x10 : 0x0c);

    aqt_pci_cfg_write32(qt, bdf, cap + 4, (uint32_t)addr);
    if (is64) {
        aqt_pci_cfg_write32(qt, bdf, cap + 8, (uint32_t)(addr >> 32));
    }
    aqt_pci_cfg_write16(qt, bdf, data_off, data);
    if (maskable) {
        aqt_pci_cfg_write32(qt, bdf, mask_off, 0);
    }
    /* One vector (Multiple Message Enable = 0), enable. */
    aqt_pci_cfg_write16(qt, bdf, cap + 2, (ctrl & ~0x0070) | 0x0001);
    return true;
}

void aqt_pci_msi_disable(AemuQTest *qt, uint16_t bdf)
{
    uint8_t cap = aqt_pci_find_cap(qt, bdf, AQT_PCI_CAP_ID_MSI);

    if (cap) {
        uint16_t ctrl = aqt_pci_cfg_read16(qt, bdf, cap + 2);
        aqt_pci_cfg_write16(qt, bdf, cap + 2, ctrl & ~0x0001);
    }
}

bool aqt_pci_msix_enable(AemuQTest *qt, uint16_t bdf, const AqtBar bars[6],
                         unsigned vector, uint64_t addr, uint32_t data)
{
    uint8_t cap = aqt_pci_find_cap(qt, bdf, AQT_PCI_CAP_ID_MSIX);
    uint16_t ctrl;
    uint32_t table;
    unsigned bir;
    uint64_t entry;

    if (!cap) {
        return false;
    }
    ctrl = aqt_pci_cfg_read16(qt, bdf, cap + 2);
    table = aqt_pci_cfg_read32(qt, bdf, cap + 4);
    bir = table & 7;
    if (vector > (ctrl & 0x7ffu) || bir > 5 || !bars[bir].size ||
        !bars[bir].addr || bars[bir].is_io) {
        return false;
    }
    entry = bars[bir].addr + (table & ~7u) + 16ull * vector;
    /* Enable with the function masked, program the entry, then unmask. */
    aqt_pci_cfg_write16(qt, bdf, cap + 2, ctrl | 0xc000);
    aqt_writel(qt, entry + 0, (uint32_t)addr);
    aqt_writel(qt, entry + 4, (uint32_t)(addr >> 32));
    aqt_writel(qt, entry + 8, data);
    aqt_writel(qt, entry + 12, 0);
    aqt_pci_cfg_write16(qt, bdf, cap + 2, (ctrl | 0x8000) & ~0x4000);
    return true;
}

/* ------------------------------------------------------------------------ */
/* Guest RAM                                                                */

uint64_t aqt_alloc(AemuQTest *qt, uint64_t size, uint64_t align)
{
    uint64_t a;

    if (!align) {
        align = 8;
    }
    if (align & (align - 1)) {
        aqt_fatal(qt, "aqt_alloc: alignment 0x%" PRIx64
                  " is not a power of two", align);
    }
    a = (qt->alloc_next + align - 1) & ~(align - 1);
    if (a + size < a || a + size > qt->alloc_limit) {
        aqt_fatal(qt, "aqt_alloc: 0x%" PRIx64 " bytes do not fit in guest RAM"
                  " (next free 0x%" PRIx64 ", end 0x%" PRIx64 "; pass -m "
                  "for more)", size, qt->alloc_next, qt->alloc_limit);
    }
    qt->alloc_next = a + size;
    return a;
}
