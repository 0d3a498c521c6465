"""Free TCP ports for tests that start their own servers (gunicorn, redis-server)."""

import socket


def free_ports(count, host="127.0.0.1"):
    """
    ``count`` distinct ports nothing listens on now, chosen by the kernel (bind to port 0), so
    that test processes running side by side (pytest-xdist, another checkout's suite) never
    fight over a fixed port. All are held open together until chosen, so they differ.
    """
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((host, 0))
            sockets.append(sock)
        return tuple(sock.getsockname()[1] for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()
