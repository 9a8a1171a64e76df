#!/usr/bin/env python3
"""Mosquitto 2.0 dynamic security: what issuing N lock logins costs the broker (issue 11, docs/scale.md).

Sends each lock's commands as the cloud's DynamicSecurity.issue does, "before" (a role of its own
with the lock's 12 ACLs, then the client: the design until issue 11) or "after" (one client with the
shared role keyward-lock), 100 locks per control message (the 2.0 plugin writes its file once per
command, so this costs the broker what 100 messages do), and prints per 1,000 logins the wall time
and the broker's own CPU time per login (read from /proc/PID/stat: steadier on a loaded machine).

Usage: dynsec_logins.py before|after N PORT MOSQUITTO_PID ADMIN_PASSWORD [FILE]
against a Mosquitto of its own, started from a fresh `mosquitto_ctrl dynsec init FILE admin` (for
"after", load deploy/mosquitto/keyward-roles.json first). Needs mosquitto_pub and mosquitto_sub.
"""
import json
import os
import subprocess
import sys
import time

OUTGOING = ["replies", "events", "state", "camera", "frames", "snapshots"]
INCOMING = ["commands", "acks", "live"]


def commands(mode, serial):
    sent = [{"command": "deleteClient", "username": serial}, {"command": "deleteRole", "rolename": "lock-" + serial}]
    role = "keyward-lock"
    if mode == "before":
        topic = "keyward/v1/locks/%s/%s"
        acls = [{"acltype": "publishClientSend", "topic": topic % (serial, k), "allow": True} for k in OUTGOING]
        for k in INCOMING:
            acls += [{"acltype": "subscribeLiteral", "topic": topic % (serial, k), "allow": True},
                     {"acltype": "publishClientReceive", "topic": topic % (serial, k), "allow": True}]
        role = "lock-" + serial
        sent.append({"command": "createRole", "rolename": role, "acls": acls})
    sent.append({"command": "createClient", "username": serial, "password": "x" * 43, "clientid": serial,
                 "roles": [{"rolename": role}]})
    return sent


def cpu_seconds(pid):
    fields = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    mode, total, port, pid, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    file = sys.argv[6] if len(sys.argv) > 6 else None
    auth = ["-p", port, "-u", "admin", "-P", password]
    answers = subprocess.Popen(["mosquitto_sub", *auth, "-t", "$CONTROL/dynamic-security/v1/response"],
                               stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    start = last = time.time()
    cpu_start = cpu_last = cpu_seconds(pid)
    try:
        for batch in range(total // 100):
            sent = [c for i in range(batch * 100, (batch + 1) * 100) for c in commands(mode, "FL-m-%05d" % i)]
            subprocess.run(["mosquitto_pub", *auth, "-t", "$CONTROL/dynamic-security/v1", "-s"],
                           input=json.dumps({"commands": sent}), text=True, check=True)
            answers.stdout.readline()  # one answer per message, after all its commands
            done = (batch + 1) * 100
            if done % 1000 == 0:
                now, cpu = time.time(), cpu_seconds(pid)
                print("%s %d logins: last 1,000 %.1f ms wall, %.1f ms broker CPU a login; all %.1f ms, %.1f ms;%s load %s"
                      % (mode, done, now - last, cpu - cpu_last, (now - start) / done * 1000, (cpu - cpu_start) / done * 1000,
                         " file %d KiB;" % (os.path.getsize(file) // 1024) if file else "",
                         open("/proc/loadavg").read().split()[0]), flush=True)
                last, cpu_last = now, cpu
    finally:
        answers.kill()


if __name__ == "__main__":
    main()
