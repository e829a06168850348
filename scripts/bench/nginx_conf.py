# Writes the bench's nginx.conf: usage nginx_conf.py PREFIX PORT RATE [BURST (RATE)]
#   /v1/person  a ~600-byte JSON person, as a provider would answer
#   /limited    the same, at most RATE req/s (burst BURST); beyond: 429 + Retry-After: 1
import json
import sys

prefix, port, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
burst = int(sys.argv[4]) if len(sys.argv) > 4 else rate
person = {
    "success": True,
    "request_id": "7f3c2a1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b",
    "record_id": "crm-000123",
    "person": {
        "first_name": "Ada", "last_name": "Lovelace", "title": "Head of Analytics",
        "company": "Analytical Engines Ltd", "domain": "analytical-engines.example",
        "linkedin_id": "ada-lovelace-1815", "city": "London", "country": "GB",
    },
    "phone": "+442071234567", "phone_type": "mobile", "phone_status": "verified",
    "email": "ada.lovelace@analytical-engines.example", "email_status": "deliverable",
    "sources": ["vendor-a", "vendor-b"], "credits_used": 1, "credits_remaining": 4999,
    "retry_after": None, "enriched_at": "2026-11-21T12:00:00Z",
}
body = json.dumps(person, separators=(",", ":"))
body += " " * max(0, 600 - len(body))
limited = json.dumps({"success": False, "error": "rate limit exceeded", "retry_after": 1})
with open(f"{prefix}/person.json", "w") as f:
    f.write(body)
print(f"""
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    limit_req_zone $server_port zone=provider:1m rate={rate}r/s;
    server {{
        listen 127.0.0.1:{port} reuseport;
        location = /v1/person {{
            default_type application/json;
            return 200 '{body}';
        }}
        # A file, not "return": return runs in the rewrite phase, before limit_req would.
        location = /limited {{
            limit_req zone=provider burst={burst} nodelay;
            limit_req_status 429;
            error_page 429 = @limited;
            default_type application/json;
            alias {prefix}/person.json;
        }}
        location @limited {{
            add_header Retry-After 1 always;
            default_type application/json;
            return 429 '{limited}';
        }}
    }}
}}""")
