/* startup-probe.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a program and prints how long it took until its first top-level
 * window was mapped on the X display, and its resident memory then:
 *
 *   startup-probe [--settle MS] -- PROGRAM ARG…
 *   → "map_ms=123.4 rss_kb=45678"
 *
 * Xvfb runs no window manager, so a top-level window is a child of the root
 * window and its MapNotify reaches us through SubstructureNotifyMask.
 */

#include <X11/Xlib.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
read_rss_kb (pid_t pid)
{
  char path[64], line[256];
  long rss = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, "VmRSS:", 6) == 0)
      rss = strtol (line + 6, NULL, 10);
  fclose (f);
  return rss;
}

int
main (int   argc,
      char *argv[])
{
  int settle_ms = 1000;
  int timeout_ms = 30000;
  int first = 1;
  Display *dpy;
  pid_t pid;
  double start, mapped = -1;
  long rss;
  int fd;

  while (first < argc && strcmp (argv[first], "--") != 0)
    {
      if (strcmp (argv[first], "--settle") == 0 && first + 1 < argc)
        settle_ms = atoi (argv[++first]);
      first++;
    }
  if (first >= argc - 1)
    {
      fprintf (stderr, "usage: startup-probe [--settle MS] -- PROGRAM ARG…\n");
      return 2;
    }
  first++;

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "startup-probe: cannot open the X display\n");
      return 1;
    }
  XSelectInput (dpy, DefaultRootWindow (dpy), SubstructureNotifyMask);
  XSync (dpy, True);
  fd = ConnectionNumber (dpy);

  start = now_ms ();
  pid = fork ();
  if (pid == 0)
    {
      execvp (argv[first], argv + first);
      fprintf (stderr, "startup-probe: %s: %s\n", argv[first], strerror (errno));
      _exit (127);
    }

  while (mapped < 0 && now_ms () - start < timeout_ms)
    {
      fd_set fds;
      struct timeval tv = { 0, 50000 };

      while (XPending (dpy))
        {
          XEvent ev;

          XNextEvent (dpy, &ev);
          /* Skip 1×1 helper windows (GDK's leader and such). */
          if (ev.type == MapNotify && mapped < 0)
            {
              XWindowAttributes attrs;

              if (XGetWindowAttributes (dpy, ev.xmap.window, &attrs) &&
                  attrs.width > 1 && attrs.height > 1)
                mapped = now_ms ();
            }
        }
      if (mapped >= 0)
        break;
      FD_ZERO (&fds);
      FD_SET (fd, &fds);
      select (fd + 1, &fds, NULL, NULL, &tv);
      if (waitpid (pid, NULL, WNOHANG) == pid)
        {
          fprintf (stderr, "startup-probe: %s exited before mapping a window\n", argv[first]);
          return 1;
        }
    }

  if (mapped < 0)
    {
      fprintf (stderr, "startup-probe: no window within %d ms\n", timeout_ms);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      return 1;
    }

  usleep (settle_ms * 1000);
  rss = read_rss_kb (pid);

  kill (pid, SIGTERM);
  for (int i = 0; i < 50 && waitpid (pid, NULL, WNOHANG) == 0; i++)
    usleep (100000);
  if (waitpid (pid, NULL, WNOHANG) == 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }

  printf ("map_ms=%.1f rss_kb=%ld\n", mapped - start, rss);
  XCloseDisplay (dpy);
  return 0;
}
