"""Idle CPU over 30 s and resident memory, eventdesk on a 100,000-lead file against the bare app.

Method: each app runs in a real terminal (a detached tmux session, 130x40); after 5 s to settle, the
process's CPU time (/proc/PID/stat utime+stime) is read over 30 s, and its RSS (/proc/PID/status VmRSS)
at the end. Budget: memory within 2x the bare app; CPU no more than a one-second clock tick needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, machine, report  # noqa: E402

SETTLE_S, IDLE_S = 5, 30
TICK = os.sysconf("SC_CLK_TCK")


def measure(session: str, command: str) -> tuple[float, int]:
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "130", "-y", "40", command], check=True)
    try:
        time.sleep(SETTLE_S)
        pid = int(subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"], capture_output=True,
                                 text=True, check=True).stdout.split()[0])
        # The pane runs a shell only if the command needed one; follow to the python process.
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pid = int(children[0]) if children else pid

        def cpu() -> float:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / TICK

        before = cpu()
        time.sleep(IDLE_S)
        used = cpu() - before
        rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS"))
        return used, rss
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    if not shutil.which("tmux"):
        sys.exit("error: tmux is needed for this benchmark")
    path = cached_demo()
    python = sys.executable
    root = Path(__file__).resolve().parents[1]
    bare_cpu, bare_rss = measure("bench-bare", f"cd {root} && {python} bench/bare_app.py")
    ours_cpu, ours_rss = measure("bench-ours", f"{python} -m eventdesk --db {path}")
    print(f"machine: {machine()}; {IDLE_S} s idle in tmux after {SETTLE_S} s, 100,000-lead file")
    print(f"bare app:  CPU {bare_cpu:.2f} s ({100 * bare_cpu / IDLE_S:.1f}%), RSS {bare_rss / 1024:.0f} MiB")
    print(f"eventdesk: CPU {ours_cpu:.2f} s ({100 * ours_cpu / IDLE_S:.1f}%), RSS {ours_rss / 1024:.0f} MiB")
    report("idle memory", f"{ours_rss / 1024:.0f} MiB", ours_rss / bare_rss, f"{bare_rss / 1024:.0f} MiB",
           ours_rss <= 2 * bare_rss, "2x")
    report("idle CPU", f"{ours_cpu:.2f} s / {IDLE_S} s", ours_cpu / max(bare_cpu, 0.01), f"{bare_cpu:.2f} s",
           ours_cpu <= max(2 * bare_cpu, 0.3), "clock tick only")


if __name__ == "__main__":
    main()
