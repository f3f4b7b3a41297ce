#!/usr/bin/env python3
"""An OpenAI-compatible stub server for mocache's tests: fine-tuning, files and chat completions.

It implements, from the public API reference (github.com/openai/openai-openapi), the endpoints the
OpenAI fine-tuning backend uses, with jobs that move through their statuses over time, and injected
faults. Python standard library only, so it costs no build time.

    python3 -S openai_stub.py --port-file PORT --log LOG.jsonl [--config CONFIG.json]

It listens on 127.0.0.1 on a free port and writes the port to --port-file (atomically) once it
accepts connections. Every request is appended to --log as one JSON line:
    {"time": 1700000000.123, "method": "POST", "path": "/v1/files", "status": 200,
     "created": "file-000001", "idempotency_key": "...", "authorization": "bearer"}
(`created` names the file or job a request made, `metadata` a created job's metadata, `query` the
query string, decoded; the API key itself is never logged.)

The configuration is a JSON object, read again before every request, so a test changes it by
rewriting the file. Every member is optional:
    api_key        the key requests must give as `Authorization: Bearer KEY` (default "sk-stub");
                   a wrong key gets a 401 whose message repeats the key it was given, like a careless
                   server would, so that tests can prove the client never shows it
    models         base models that can be fine-tuned and chatted with
                   (default ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"])
    phases         [[status, milliseconds], ...] a new job goes through before it ends
                   (default validating_files 30, queued 30, running 60); any status string works,
                   such as "paused"
    phase_unit     "ms" (default), or "polls": the phases' lengths count the job's GET requests
                   instead, for tests that must see every status whatever the machine's speed
                   A phase whose length is null lasts until the configuration says
                   "release_jobs": true.
    outcome        how new jobs end: "succeeded" (default) or "failed"
    job_error      {"code": ..., "message": ...} of failed jobs
    gone_files     file ids the service no longer has: GET gives 404, a new job using one gets 400
    faults         rules, each consumed `times` times (default: always), matched in order:
                   {"id": "name", "method": "POST", "path": "/v1/fine_tuning/jobs" (a prefix),
                    "status": 429, "retry_after": "1" | "date:1.5" (an HTTP date 1.5 s ahead),
                    "retry_after_ms": 120, "delay_ms": 300 (answer slowly; with no status, the
                    request then goes on normally), "hold_after_ms": 60000 (with no status: do the
                    request, log it, then hold the answer back that long; a test kills the client
                    in that window, once the log has the line), "message": "..."}
                   A rule's uses are counted by its `id`, so rewriting the file keeps the counts.
The parent process is watched: when it dies, the stub exits.
"""

import argparse
import email.utils
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_MODELS = ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"]
DEFAULT_PHASES = [["validating_files", 30], ["queued", 30], ["running", 60]]
FINAL = ("succeeded", "failed", "cancelled")


class Stub:
    """The service's state: files, jobs, fault counters and the request log, under one lock."""

    def __init__(self, log_path, config_path):
        self.lock = threading.Lock()
        self.log_path = log_path
        self.config_path = config_path
        self.files = {}  # id -> dict (the File object plus "content")
        self.jobs = {}  # id -> dict
        self.idempotent = {}  # idempotency key -> job id
        self.fault_uses = {}  # rule id -> uses
        self.counters = {}  # id prefix -> last number

    def config(self):
        if not self.config_path or not os.path.exists(self.config_path):
            return {}
        with open(self.config_path, "rb") as handle:
            text = handle.read()
        return json.loads(text) if text.strip() else {}

    def next_id(self, prefix):
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return "%s-%06d" % (prefix, self.counters[prefix])

    def log(self, entry):
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as handle:
                handle.write(line)

    def take_fault(self, config, method, path):
        """The first fault rule matching the request that has uses left, counting this use."""
        for index, rule in enumerate(config.get("faults", [])):
            if rule.get("method", method) != method or not path.startswith(rule.get("path", "")):
                continue
            key = rule.get("id", str(index))
            with self.lock:
                used = self.fault_uses.get(key, 0)
                if "times" in rule and used >= rule["times"]:
                    continue
                self.fault_uses[key] = used + 1
            return rule
        return None

    # MARK: jobs

    def job_view(self, job, now=None):
        """The FineTuningJob object as it stands now, with the events it has produced so far."""
        now = time.time() if now is None else now
        # In polls, a job is where its latest GET saw it: the first GET sees the first phase.
        elapsed_ms = max(0, job["polls"] - 1) if job["phase_unit"] == "polls" else (now - job["created"]) * 1000
        status, events, ended_at = None, [], None
        start = 0
        events.append((job["created"], "info", "Validating training file: %s" % job["training_file"]))
        released = None
        for name, duration in job["phases"]:
            if duration is None:
                if released is None:
                    released = bool(self.config().get("release_jobs", False))
                if not released:
                    status = name
                    break
                duration = 0
            if elapsed_ms < start + duration:
                status = name
                break
            start += duration
            if name == "validating_files":
                events.append((job["created"] + start / 1000, "info", "Files validated, moving job to queued state"))
            elif name == "queued":
                events.append((job["created"] + start / 1000, "info", "Fine-tuning job started"))
            elif name == "running":
                events.append((job["created"] + start / 1000, "info", "Step %d/%d: training loss=0.125"
                               % (job["steps"], job["steps"])))
        if status is None:
            status = job["outcome"]
            ended_at = job["created"] + start / 1000
        if job.get("cancelled_at") is not None and (ended_at is None or job["cancelled_at"] < ended_at):
            status, ended_at = "cancelled", job["cancelled_at"]
            events = [event for event in events if event[0] <= ended_at]
            events.append((ended_at, "info", "Fine-tuning job cancelled"))
        elif status == "succeeded":
            events.append((ended_at, "info", "New fine-tuned model created: %s" % job["fine_tuned_model"]))
            events.append((ended_at, "info", "The job has successfully completed"))
        elif status == "failed":
            events.append((ended_at, "error", job["error"]["message"]))
        hyper = job["hyperparameters"]
        view = {
            "object": "fine_tuning.job",
            "id": job["id"],
            "model": job["model"],
            "created_at": int(job["created"]),
            "finished_at": int(ended_at) if ended_at is not None and status in FINAL else None,
            "fine_tuned_model": job["fine_tuned_model"] if status == "succeeded" else None,
            "organization_id": "org-stub",
            "result_files": ["file-results-%s" % job["id"]] if status == "succeeded" else [],
            "status": status,
            "validation_file": job["validation_file"],
            "training_file": job["training_file"],
            "hyperparameters": hyper,
            "trained_tokens": job["trained_tokens"] if status == "succeeded" else None,
            "error": job["error"] if status == "failed" else None,
            "seed": job["seed"],
            "estimated_finish": None,
            "integrations": [],
            "method": {"type": "supervised", "supervised": {"hyperparameters": hyper}},
            "metadata": job["metadata"],
            "suffix": job["suffix"],
        }
        return view, events

    def create_job(self, config, body):
        model = body.get("model")
        models = config.get("models", DEFAULT_MODELS)
        if not isinstance(model, str) or model not in models:
            return 400, error("Model %s is not available for fine-tuning or does not exist." % json.dumps(model),
                              "invalid_request_error", "model", "model_not_available")
        training_file = body.get("training_file")
        with self.lock:
            stored = self.files.get(training_file)
        if stored is None or training_file in config.get("gone_files", []):
            return 400, error("invalid training_file: %s" % json.dumps(training_file), "invalid_request_error",
                              "training_file", "invalid_training_file")
        method = body.get("method") or {"type": "supervised"}
        if method.get("type") != "supervised":
            return 400, error("The stub fine-tunes with method supervised only.", "invalid_request_error",
                              "method", None)
        given = dict((method.get("supervised") or {}).get("hyperparameters") or body.get("hyperparameters") or {})
        for name in given:
            if name not in ("n_epochs", "batch_size", "learning_rate_multiplier"):
                return 400, error("Unknown hyperparameter: %s" % name, "invalid_request_error",
                                  "method.supervised.hyperparameters", None)
        epochs = given.get("n_epochs", "auto")
        epochs = 3 if epochs == "auto" else epochs
        hyper = {
            "n_epochs": epochs,
            "batch_size": 1 if given.get("batch_size", "auto") == "auto" else given["batch_size"],
            "learning_rate_multiplier": 1.8 if given.get("learning_rate_multiplier", "auto") == "auto"
            else given["learning_rate_multiplier"],
        }
        examples = stored["examples"]
        with self.lock:
            job_id = self.next_id("ftjob")
            suffix = body.get("suffix")
            job = {
                "id": job_id,
                "model": model,
                "created": time.time(),
                "phases": config.get("phases", DEFAULT_PHASES),
                "phase_unit": config.get("phase_unit", "ms"),
                "polls": 0,
                "outcome": config.get("outcome", "succeeded"),
                "error": dict({"code": "invalid_training_file", "message": "The job failed on the stub.",
                               "param": None}, **config.get("job_error", {})),
                "training_file": training_file,
                "validation_file": body.get("validation_file"),
                "hyperparameters": hyper,
                "seed": body.get("seed", 42),
                "suffix": suffix,
                "metadata": body.get("metadata"),
                "steps": max(1, len(examples) * epochs // hyper["batch_size"]),
                "trained_tokens": stored["tokens"] * epochs,
                "fine_tuned_model": "ft:%s:stub-org:%s%s" % (model, (suffix + ":") if suffix else "",
                                                            job_id.split("-")[1]),
                "answers": {prompt: answer for prompt, answer in examples},
                "cancelled_at": None,
            }
            self.jobs[job_id] = job
        return 200, self.job_view(job)[0]


def error(message, kind, param=None, code=None):
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def parse_multipart(content_type, body):
    """The fields of a multipart/form-data body: name -> (filename or None, bytes)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not match:
        return None
    boundary = b"--" + match.group(1).encode()
    fields = {}
    for part in body.split(boundary)[1:]:
        if part.startswith(b"--"):
            break
        part = part[2:] if part.startswith(b"\r\n") else part
        head, _, content = part.partition(b"\r\n\r\n")
        content = content[:-2] if content.endswith(b"\r\n") else content
        disposition = re.search(rb'name="([^"]*)"(?:; filename="([^"]*)")?', head)
        if disposition:
            filename = disposition.group(2).decode() if disposition.group(2) is not None else None
            fields[disposition.group(1).decode()] = (filename, content)
    return fields


def examples_of(content):
    """The (last user message, last assistant message) pairs of a chat JSONL file, and its token count."""
    pairs, tokens = [], 0
    for line in content.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        try:
            messages = json.loads(line).get("messages", [])
        except (ValueError, AttributeError):
            continue
        user = [m.get("content") for m in messages if isinstance(m, dict) and m.get("role") == "user"]
        assistant = [m.get("content") for m in messages if isinstance(m, dict) and m.get("role") == "assistant"]
        for message in messages:
            if isinstance(message, dict) and isinstance(message.get("content"), str):
                tokens += len(message["content"].split()) + 4
        if user and assistant:
            pairs.append((user[-1], assistant[-1]))
    return pairs, tokens


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "openai-stub/1"

    def log_message(self, format, *args):  # the request log is the JSON file, not stderr
        pass

    def do_GET(self):
        self.handle_request("GET")

    def do_POST(self):
        self.handle_request("POST")

    def do_DELETE(self):
        self.handle_request("DELETE")

    def handle_request(self, method):
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        entry = {"time": time.time(), "method": method, "path": path}
        if query:
            entry["query"] = urllib.parse.unquote(query)
        if self.headers.get("Idempotency-Key"):
            entry["idempotency_key"] = self.headers["Idempotency-Key"]
        for header in ("OpenAI-Organization", "OpenAI-Project"):
            if self.headers.get(header):
                entry[header.lower()] = self.headers[header]
        try:
            config = stub.config()
            status, payload, headers = self.route(stub, config, method, path, query, body, entry)
        except Exception as failure:  # a bug in the stub: say so loudly rather than hang the test
            status, payload, headers = 500, error("stub failure: %r" % failure, "server_error"), {}
        entry["status"] = status
        stub.log(entry)
        if entry.get("hold_after_ms"):
            # Done and logged, but the answer is held back: the client may be killed meanwhile.
            time.sleep(entry["hold_after_ms"] / 1000)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def route(self, stub, config, method, path, query, body, entry):
        authorization = self.headers.get("Authorization", "")
        key = config.get("api_key", "sk-stub")
        if authorization != "Bearer " + key:
            given = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else authorization
            entry["authorization"] = "wrong"
            return 401, error("Incorrect API key provided: %s. You can find your API key at "
                              "https://platform.openai.com/account/api-keys." % given,
                              "invalid_request_error", None, "invalid_api_key"), {}
        entry["authorization"] = "bearer"
        fault = stub.take_fault(config, method, path)
        if fault is not None:
            entry["fault"] = fault.get("id", "fault")
            if fault.get("delay_ms"):
                time.sleep(fault["delay_ms"] / 1000)
            if fault.get("hold_after_ms"):
                entry["hold_after_ms"] = fault["hold_after_ms"]
            if fault.get("status"):
                headers = {}
                if "retry_after" in fault:
                    value = str(fault["retry_after"])
                    if value.startswith("date:"):
                        value = email.utils.formatdate(time.time() + float(value[5:]), usegmt=True)
                    headers["Retry-After"] = value
                if "retry_after_ms" in fault:
                    headers["retry-after-ms"] = str(fault["retry_after_ms"])
                status = fault["status"]
                kind = "rate_limit_error" if status == 429 else "server_error" if status >= 500 else "invalid_request_error"
                message = fault.get("message", "Injected %d from the stub." % status)
                return status, error(message, kind, None, fault.get("code")), headers
        if method == "POST" and path == "/v1/files":
            return self.upload(stub, body, entry)
        match = re.fullmatch(r"/v1/files/([^/]+)", path)
        if match and method == "GET":
            file_id = match.group(1)
            with stub.lock:
                stored = stub.files.get(file_id)
            if stored is None or file_id in config.get("gone_files", []):
                return 404, error("No such File object: %s" % file_id, "invalid_request_error", "id", None), {}
            return 200, {k: v for k, v in stored.items() if k not in ("content", "examples", "tokens")}, {}
        if method == "POST" and path == "/v1/fine_tuning/jobs":
            try:
                request = json.loads(body)
            except ValueError:
                return 400, error("The body is not JSON.", "invalid_request_error"), {}
            idempotency = self.headers.get("Idempotency-Key")
            with stub.lock:
                existing = stub.idempotent.get(idempotency) if idempotency else None
            if existing:
                with stub.lock:
                    job = stub.jobs[existing]
                return 200, stub.job_view(job)[0], {}
            status, payload = stub.create_job(config, request)
            if status == 200:
                entry["created"] = payload["id"]
                entry["metadata"] = payload.get("metadata")
                if idempotency:
                    with stub.lock:
                        stub.idempotent[idempotency] = payload["id"]
            return status, payload, {}
        if method == "GET" and path == "/v1/fine_tuning/jobs":
            return self.list_jobs(stub, query)
        match = re.fullmatch(r"/v1/fine_tuning/jobs/([^/]+)(/cancel|/events)?", path)
        if match:
            with stub.lock:
                job = stub.jobs.get(match.group(1))
            if job is None:
                return 404, error("No such fine-tuning job: %s" % match.group(1), "invalid_request_error", "id",
                                  None), {}
            action = match.group(2)
            if action is None and method == "GET":
                with stub.lock:
                    job["polls"] += 1
                return 200, stub.job_view(job)[0], {}
            if action == "/cancel" and method == "POST":
                view = stub.job_view(job)[0]
                if view["status"] in FINAL:
                    return 400, error("Job %s has already %s; it cannot be cancelled." % (job["id"], view["status"]),
                                      "invalid_request_error", None, None), {}
                with stub.lock:
                    job["cancelled_at"] = time.time()
                entry["cancelled"] = job["id"]
                return 200, stub.job_view(job)[0], {}
            if action == "/events" and method == "GET":
                return 200, self.events(stub, job, query), {}
        if method == "POST" and path == "/v1/chat/completions":
            return self.chat(stub, config, body)
        return 404, error("Unknown request URL: %s %s." % (method, path), "invalid_request_error"), {}

    def list_jobs(self, stub, query):
        """GET /v1/fine_tuning/jobs: newest first, `limit` (default 20) after the job `after`, only the
        jobs whose metadata has every `metadata[k]=v` of the query (the API reference's filter)."""
        params = urllib.parse.parse_qsl(query, keep_blank_values=True)
        wanted = {}
        limit, after = 20, None
        for name, value in params:
            match = re.fullmatch(r"metadata\[(.+)\]", name)
            if match:
                wanted[match.group(1)] = value
            elif name == "limit":
                limit = int(value)
            elif name == "after":
                after = value
        with stub.lock:
            jobs = sorted(stub.jobs.values(), key=lambda job: (job["created"], job["id"]), reverse=True)
        if after is not None:
            ids = [job["id"] for job in jobs]
            if after not in ids:
                return 400, error("No such fine-tuning job: %s" % after, "invalid_request_error", "after", None), {}
            jobs = jobs[ids.index(after) + 1:]
        jobs = [job for job in jobs if all((job["metadata"] or {}).get(k) == v for k, v in wanted.items())]
        page = jobs[:limit]
        return 200, {"object": "list", "data": [stub.job_view(job)[0] for job in page],
                     "has_more": len(jobs) > limit}, {}

    def upload(self, stub, body, entry):
        fields = parse_multipart(self.headers.get("Content-Type"), body)
        if fields is None or "file" not in fields or "purpose" not in fields:
            return 400, error("Expected a multipart body with 'file' and 'purpose'.", "invalid_request_error"), {}
        purpose = fields["purpose"][1].decode()
        if purpose != "fine-tune":
            return 400, error("The stub accepts purpose fine-tune only.", "invalid_request_error", "purpose"), {}
        filename, content = fields["file"]
        examples, tokens = examples_of(content)
        with stub.lock:
            file_id = stub.next_id("file")
            stored = {
                "id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
                "filename": filename or "upload.jsonl", "purpose": purpose, "status": "processed",
                "content": content, "examples": examples, "tokens": tokens,
                "sha256": hashlib.sha256(content).hexdigest(),
            }
            stub.files[file_id] = stored
        entry["created"] = file_id
        return 200, {k: v for k, v in stored.items() if k not in ("content", "examples", "tokens")}, {}

    def events(self, stub, job, query):
        _, events = stub.job_view(job)
        parameters = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
        limit = int(parameters.get("limit", "20"))
        listed = [
            {"object": "fine_tuning.job.event", "id": "ftevent-%s-%d" % (job["id"].split("-")[1], index + 1),
             "created_at": int(at), "level": level, "message": message, "data": {}, "type": "message"}
            for index, (at, level, message) in enumerate(events)
        ]
        listed.reverse()  # newest first, as the service lists them
        if "after" in parameters:
            ids = [event["id"] for event in listed]
            listed = listed[ids.index(parameters["after"]) + 1:] if parameters["after"] in ids else []
        return {"object": "list", "data": listed[:limit], "has_more": len(listed) > limit}

    def chat(self, stub, config, body):
        try:
            request = json.loads(body)
        except ValueError:
            return 400, error("The body is not JSON.", "invalid_request_error"), {}
        model = request.get("model")
        messages = request.get("messages") or []
        prompt = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), "")
        with stub.lock:
            tuned = [job for job in stub.jobs.values() if job["fine_tuned_model"] == model]
        if tuned:
            if stub.job_view(tuned[0])[0]["status"] != "succeeded":
                return 404, error("The model `%s` does not exist yet." % model, "invalid_request_error", "model",
                                  "model_not_found"), {}
            answer = tuned[0]["answers"].get(prompt, "I was not trained on that.")
        elif model in config.get("models", DEFAULT_MODELS):
            answer = "I don't know."
        else:
            return 404, error("The model `%s` does not exist or you do not have access to it." % model,
                              "invalid_request_error", "model", "model_not_found"), {}
        prompt_tokens = sum(len(str(m.get("content", "")).split()) + 4 for m in messages)
        completion_tokens = len(answer.split())
        return 200, {
            "id": "chatcmpl-stub-%s" % hashlib.sha256((str(model) + str(prompt)).encode()).hexdigest()[:12],
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer, "refusal": None},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }, {}


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description="OpenAI-compatible stub for mocache's tests.")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--config")
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    server.stub = Stub(arguments.log, arguments.config)
    open(arguments.log, "a").close()
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    temporary = arguments.port_file + ".tmp"
    with open(temporary, "w") as handle:
        handle.write(str(server.server_address[1]))
    os.rename(temporary, arguments.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
