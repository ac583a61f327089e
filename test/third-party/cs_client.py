"""Drive the simulator with Debian's python3-cs, a third-party CloudStack client, unchanged.

Usage: CS_ENDPOINT=... CS_KEY=... CS_SECRET=... python3 cs_client.py (scenario|tilde)
Prints one JSON document on stdout.
"""
import json
import os
import sys

from cs import CloudStack, CloudStackApiException


def client(method):
    # poll_interval only shortens cs's own wait between queryAsyncJobResult calls; the polling is cs's.
    return CloudStack(endpoint=os.environ["CS_ENDPOINT"], key=os.environ["CS_KEY"], secret=os.environ["CS_SECRET"],
                      method=method, poll_interval=0.05, job_timeout=30)


def scenario():
    reads = client("get")
    zones = reads.listZones()
    vms = reads.listVirtualMachines(listall=True, state="Running")
    vm = next(v for v in vms["virtualmachine"] if v["name"] == os.environ.get("CS_VM", "web-01"))
    hosts = reads.findHostsForMigration(virtualmachineid=vm["id"])
    target = next(h for h in hosts["host"] if h["suitableformigration"] and not h["requiresStorageMotion"])
    # State-changing commands by POST, as a strict management server requires.
    result = client("post").migrateVirtualMachine(virtualmachineid=vm["id"], hostid=target["id"], fetch_result=True)
    return {
        "zones": [z["name"] for z in zones["zone"]],
        "vmcount": vms["count"],
        "vm": {"id": vm["id"], "hostid": vm["hostid"]},
        "target": target["id"],
        "migrated": result["virtualmachine"],
    }


def tilde():
    # cs encodes with quote(safe="*"), which leaves "~" as is; CloudStack's URLEncoder turns it into %7E.
    try:
        client("get").listVirtualMachines(keyword="web~01")
        return {"accepted": True}
    except CloudStackApiException as error:
        return {"accepted": False, "status": error.response.status_code, "error": error.error}


if __name__ == "__main__":
    print(json.dumps({"scenario": scenario, "tilde": tilde}[sys.argv[1]]()))
