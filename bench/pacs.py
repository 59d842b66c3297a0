#!/usr/bin/env python3
"""PACS benchmark: a real Orthanc, generated DICOM films pushed into it (every fifth stored as JPEG 2000), a handful of
ineligible films, then `osteoml pacs --once` timed end to end, and its worklist compared with `predict --dicom` on the
same files (the probabilities must agree to 1e-6).

usage: bench/pacs.py OUTDIR MODEL.zip COHORT_DIR [FILMS]
  COHORT_DIR  a cohort written by `osteoml generate --dicom` (its images/*.dcm are pushed; the first FILMS of them)
  OSTEOML_CLI overrides how the CLI is started (default: dotnet run --project src/OsteoMl.Cli -c Release --)
Needs Debian's orthanc, orthanc-gdcm and dcmtk (dcmodify). Orthanc runs on free loopback ports with its storage under
OUTDIR and is stopped on every exit path. Prints one Markdown table.
"""
import base64, io, json, os, shlex, shutil, socket, subprocess, sys, tempfile, time, urllib.request, zipfile

JPEG2000 = "1.2.840.10008.1.2.4.90"
USER, PASSWORD = "bench", "bench-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Orthanc:
    def __init__(self, folder):
        self.port = free_port()
        os.makedirs(folder, exist_ok=True)
        config = {
            "Name": "osteoml-bench", "HttpPort": self.port, "DicomPort": free_port(),
            "StorageDirectory": os.path.join(folder, "storage"), "IndexDirectory": os.path.join(folder, "index"),
            "RemoteAccessAllowed": False, "AuthenticationEnabled": True, "RegisteredUsers": {USER: PASSWORD},
            "Plugins": ["/usr/share/orthanc/plugins/libOrthancGdcm.so"],
        }
        path = os.path.join(folder, "orthanc.json")
        with open(path, "w") as f:
            json.dump(config, f)
        self.log = open(os.path.join(folder, "orthanc.log"), "w")
        self.process = subprocess.Popen(["/usr/sbin/Orthanc", path], stdout=self.log, stderr=self.log)
        self.url = f"http://127.0.0.1:{self.port}/"
        for _ in range(200):
            try:
                self.get("system")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Orthanc did not start; see orthanc.log")

    def request(self, method, path, body=None, content_type="application/json"):
        request = urllib.request.Request(self.url + path, data=body, method=method)
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
        if body is not None:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.read()

    def get(self, path):
        return json.loads(self.request("GET", path))

    def upload(self, data):
        return json.loads(self.request("POST", "instances", data, "application/dicom"))["ID"]

    def store_as_jpeg2000(self, data):
        """Uploads, transcodes in a background job (synchronous transcoding crashes Orthanc 1.10's web threads, see
        docs/platform-notes.md), and replaces the instance by its JPEG 2000 copy (same UIDs)."""
        instance = self.upload(data)
        job = json.loads(self.request("POST", "tools/create-archive", json.dumps(
            {"Resources": [instance], "Transcode": JPEG2000, "Asynchronous": True}).encode()))["ID"]
        while self.get(f"jobs/{job}")["State"] != "Success":
            time.sleep(0.05)
        archive = zipfile.ZipFile(io.BytesIO(self.request("GET", f"jobs/{job}/archive")))
        jpeg2000 = archive.read([n for n in archive.namelist() if not n.endswith("/")][0])
        self.request("DELETE", f"instances/{instance}")
        self.upload(jpeg2000)

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.log.close()


def ineligible_copies(film, folder):
    """One film per refusal, made from an eligible one with dcmtk's dcmodify (new UIDs so each is its own instance)."""
    changes = {
        "modality": ["-m", "(0008,0060)=CT"],
        "view": ["-m", "(0018,5101)=LL"],
        "age-below-minimum": ["-m", "(0010,1010)=030Y"],
        "secondary-capture": ["-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.7",
                              "-m", "(0028,0004)=RGB", "-m", "(0028,0002)=3"],
    }
    paths = {}
    for code, change in changes.items():
        path = os.path.join(folder, f"ineligible-{code}.dcm")
        shutil.copy(film, path)
        subprocess.run(["dcmodify", "-nb", "-gin", "-gse", "-gst", "-ie", *change, path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        paths[code] = path
    return paths


def read_csv(path):
    import csv
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    out, model, cohort = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    cli = shlex.split(os.environ.get("OSTEOML_CLI", "dotnet run --project src/OsteoMl.Cli -c Release --"))
    os.makedirs(out, exist_ok=True)
    films_dir = os.path.join(out, "films")
    shutil.rmtree(films_dir, ignore_errors=True)
    os.makedirs(films_dir)
    images = sorted(os.path.join(cohort, "images", f) for f in os.listdir(os.path.join(cohort, "images")))[:count]
    for image in images:
        shutil.copy(image, films_dir)
    ineligible = ineligible_copies(images[0], films_dir)
    shutil.rmtree(os.path.join(out, "orthanc"), ignore_errors=True)  # a fresh PACS each run
    server = Orthanc(os.path.join(out, "orthanc"))
    try:
        started, jpeg2000 = time.time(), 0
        for i, path in enumerate(sorted(os.path.join(films_dir, f) for f in os.listdir(films_dir))):
            data = open(path, "rb").read()
            if i % 5 == 0 and "ineligible" not in path:
                server.store_as_jpeg2000(data)
                jpeg2000 += 1
            else:
                server.upload(data)
        push_seconds = time.time() - started
        worklist, state = os.path.join(out, "worklist.csv"), os.path.join(out, "state.json")
        for f in (worklist, state):
            if os.path.exists(f):
                os.remove(f)
        env = dict(os.environ, OSTEOML_PACS_USER=USER, OSTEOML_PACS_PASSWORD=PASSWORD)
        started = time.time()
        subprocess.run([*cli, "pacs", "--url", server.url, "--model", model, "--once", "--worklist", worklist,
                        "--state", state], check=True, env=env, stdout=open(os.path.join(out, "pacs.log"), "w"))
        pacs_seconds = time.time() - started
        instances = len(server.get("instances"))
    finally:
        server.stop()
    predictions = os.path.join(out, "predict-dicom.csv")
    subprocess.run([*cli, "predict", "--model", model, "--dicom", films_dir, "--out", predictions], check=True,
                   stdout=subprocess.DEVNULL)
    rows = {r["sop_instance_uid"]: r for r in read_csv(worklist)}
    reference = {r["sop_instance_uid"]: r for r in read_csv(predictions)}
    scored = [r for r in rows.values() if r["status"] == "scored"]
    worst = max(abs(float(r[k]) - float(reference[u][k])) for u, r in rows.items() if r["status"] == "scored"
                for k in ("p_fused", "p_image") if r[k])
    reasons = sorted(r["reason"] for r in rows.values() if r["status"] == "ineligible")
    print("| films pushed | of them JPEG 2000 | ineligible reasons | scored | errors | SRs stored | pacs --once wall | films/s end to end | max abs difference vs predict --dicom | push wall |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {len(rows)} | {jpeg2000} | {', '.join(reasons)} | {len(scored)} "
          f"| {sum(r['status'] == 'error' for r in rows.values())} | {instances - len(rows)} | {pacs_seconds:.1f} s "
          f"| {len(rows) / pacs_seconds:.2f} | {worst:.2e} | {push_seconds:.1f} s |")


if __name__ == "__main__":
    main()
