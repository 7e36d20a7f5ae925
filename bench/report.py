"""Builds bench/RESULTS.md from one run's measurements (hyperfine JSON exports and /usr/bin/time)."""
import datetime
import json
import os
import platform
import subprocess
import sys

out, files, lines, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]


def means(name):
    with open(os.path.join(out, name)) as f:
        return [r["mean"] for r in json.load(f)["results"]]


def rss(name):
    with open(os.path.join(out, name)) as f:
        return int(f.read().split()[-1]) / 1024


def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def met(ok):
    return "met" if ok else "**missed**"


rows = []
ours, openssl = means("sign.json")
rows.append(("`sign` a small file, whole process", f"{ours*1000:.2f} ms", "`openssl dgst -sha256 -mac HMAC`", f"{openssl*1000:.2f} ms", f"{ours/openssl:.2f}x the time", f"no slower: {met(ours <= openssl)}"))
cat, ours = means("folder.json")
(python,) = means("folder-python.json")
rows.append((f"`verify` a folder of {files:,} captures", f"{ours:.2f} s", "two parallel `cat`s reading every file", f"{cat:.2f} s", f"{ours/cat:.2f}x the time", f"≤ 1.25x: {met(ours <= 1.25*cat)}"))
rows.append((f"`verify` a folder of {files:,} captures", f"{ours:.2f} s", "Python `standardwebhooks`, one process", f"{python:.2f} s", f"{python/ours:.1f}x faster", f"faster: {met(ours < python)}"))
(ours,) = means("ndjson.json")
(python,) = means("ndjson-python.json")
rows.append((f"`verify` one NDJSON file of {lines:,} captures", f"{ours:.3f} s", "Python `standardwebhooks`, one process", f"{python:.2f} s", f"{python/ours:.1f}x faster", f"≥ 15x: {met(python >= 15*ours)}"))
rows.append((f"`verify` peak memory, folder of {files:,}", f"{rss('folder-rss'):.1f} MiB", "-", "-", "-", "flat"))
rows.append((f"`verify` peak memory, NDJSON of {lines:,}", f"{rss('ndjson-rss'):.1f} MiB", "-", "-", "-", "flat"))

def wrk(name):
    """Requests per second and latency percentiles (ms) from wrk --latency output."""
    text = open(os.path.join(out, name + ".wrk")).read()
    rps = float(text.split("Requests/sec:")[1].split()[0])
    lat = {}
    for line in text.split("Latency Distribution")[1].splitlines()[1:5]:
        pct, value = line.split()
        unit = value.lstrip("0123456789.")
        lat[pct] = float(value[: len(value) - len(unit)]) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = "Non-2xx" in text
    return rps, lat, errors


listen_rps, listen_lat, listen_non2xx = wrk("listen")
nginx_rps, _, _ = wrk("nginx")
flask_rps, _, _ = wrk("flask")
rows.append(("`listen --json >file`, wrk -t1 -c32", f"{listen_rps:,.0f} req/s", "nginx `return 200`", f"{nginx_rps:,.0f} req/s", f"{listen_rps/nginx_rps:.2f}x", f"≥ 0.5x: {met(listen_rps >= 0.5*nginx_rps)}"))
rows.append(("`listen --json >file`, wrk -t1 -c32", f"{listen_rps:,.0f} req/s", "Flask receiver from Pulse's guide", f"{flask_rps:,.0f} req/s", f"{listen_rps/flask_rps:.0f}x", f"≥ 30x: {met(listen_rps >= 30*flask_rps)}"))
rows.append(("`listen` latency under that load", f"p50 {listen_lat['50%']:.2f} ms, p99 {listen_lat['99%']:.2f} ms", "-", "-", "-", f"p99 < 1 ms: {met(listen_lat['99%'] < 1)}"))
rows.append(("`listen` peak memory under that load", f"{rss('listen-rss'):.1f} MiB", "-", "-", "-", f"< 50 MB: {met(rss('listen-rss') < 50)}"))
with open(os.path.join(out, "send.json")) as f:
    send = json.load(f)
rows.append((f"`send --count {send['sent']:,} --concurrency 32`, signing each", f"{send['per_second']:,.0f} req/s", "wrk -t1 -c32 at the same nginx", f"{nginx_rps:,.0f} req/s", f"{send['per_second']/nginx_rps:.2f}x", f"≥ 0.5x: {met(send['per_second'] >= 0.5*nginx_rps)}"))
if listen_non2xx:
    rows.append(("`listen` answered non-2xx under load", "see listen.wrk", "-", "-", "-", "**check**"))

commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print("# Benchmark results\n")
print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; mode: `bench/run{' --quick' if mode == 'quick' else ''}`; commit {commit}")
print(f"- machine: {os.cpu_count()} CPUs ({cpu()}), {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.system()} {platform.release()}")
print("- every ratio compares two figures measured in this run, on this machine; absolute times are not comparable between runs")
print("- `verify` runs with `--quiet` (failures and the summary only), like the Python reference, which prints one line\n")
print("## Whole commands\n")
print("| what | pulse-hooks | reference | reference figure | ratio | goal |")
print("| --- | ---: | --- | ---: | ---: | --- |")
for r in rows:
    print("| " + " | ".join(r) + " |")
print("\n## Signing core, in process (`cargo bench --bench core`)\n")
print(open(os.path.join(out, "core.md")).read().rstrip())
print("\n## Commands\n")
print("```")
print("bench/run" + (" --quick" if mode == "quick" else ""))
print("# sign:   hyperfine -N 'pulse-hooks sign small.json --secret S --format signature' 'openssl dgst -sha256 -mac HMAC -macopt hexkey:K small.json'")
print("# folder: hyperfine 'find DIR -type f -print0 | xargs -0 -P2 -n 5000 cat >/dev/null' 'pulse-hooks verify DIR --secret S --quiet'")
print("#         hyperfine 'python bench/verify_python.py S --dir DIR'")
print("# ndjson: hyperfine 'pulse-hooks verify all.ndjson --secret S --quiet' 'python bench/verify_python.py S --ndjson all.ndjson'")
print("# memory: /usr/bin/time -f %M pulse-hooks verify …")
print("# listen: wrk -t1 -c32 -d10s --latency -s post.lua http://127.0.0.1:PORT/webhook, against")
print("#         pulse-hooks listen --json >file, nginx (return 200), bench/flask_receiver.py")
print("# send:   pulse-hooks send job.completed --count N --concurrency 32 --to <the same nginx>")
print("```")
