# Prints a TCP port on 127.0.0.1 that is free right now (the OS picks it).
import socket

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
