#!/usr/bin/env python3
"""A real XDND drag source: drops files or links on the window, as a file
manager or a browser would.

    xdnd_drop.py [-timeout S] ITEM...

ITEM is a local path (sent as a percent-encoded file:// URI) or a URI with a
scheme (http://..., mailto:..., sent as it is). All items go in one drop, as
text/uri-list lines (RFC 2483). The target is the one mapped top-level window
that advertises XdndAware; the script waits for it to appear.

It speaks the protocol (https://www.freedesktop.org/wiki/Specifications/XDND/)
the way GLFW 3.3, as Fyne 2.7 vendors it, expects: version 5, text/uri-list
among the first three types of XdndEnter, the drop position inside the
window, the XdndDrop timestamp a real server time no earlier than when the
source took the XdndSelection (GLFW asks for the data with that time). GLFW
answers XdndFinished with the byte count of the data where the spec puts a
0/1 "accepted" flag, so any non-zero value means accepted.

Exit status: 0 when the drop was accepted, 1 when it was refused or a step
timed out (the message says which), 2 for a usage error. Needs python3-xlib.
"""

import os
import re
import select
import sys
import time
import urllib.parse

from Xlib import X, Xatom, display
from Xlib.protocol import event

XDND_VERSION = 5


def fail(msg):
    print(f"xdnd_drop: {msg}", file=sys.stderr)
    sys.exit(1)


def to_uri(item):
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", item):
        return item
    return "file://" + urllib.parse.quote(os.path.abspath(item), safe="/")


class Drag:
    def __init__(self, timeout):
        self.d = display.Display()
        self.root = self.d.screen().root
        self.deadline = time.monotonic() + timeout
        self.atom = {
            name: self.d.intern_atom(name)
            for name in (
                "XdndAware", "XdndSelection", "XdndEnter", "XdndPosition", "XdndStatus",
                "XdndDrop", "XdndFinished", "XdndLeave", "XdndActionCopy", "text/uri-list",
            )
        }
        self.src = self.root.create_window(
            -10, -10, 1, 1, 0, X.CopyFromParent, event_mask=X.PropertyChangeMask
        )

    def server_time(self):
        """A real server timestamp: the time of a PropertyNotify we cause."""
        self.src.change_property(Xatom.WM_NAME, Xatom.STRING, 8, b"xdnd_drop")
        self.d.flush()
        while True:
            ev = self.next_event("the server's timestamp")
            if ev.type == X.PropertyNotify and ev.window.id == self.src.id:
                return ev.time

    def next_event(self, waiting_for):
        while not self.d.pending_events():
            left = self.deadline - time.monotonic()
            if left <= 0:
                fail(f"timed out waiting for {waiting_for}")
            select.select([self.d.fileno()], [], [], min(left, 0.1))
        return self.d.next_event()

    def find_target(self):
        """The mapped top-level window that accepts drops, once it exists."""
        while True:
            for w in self.root.query_tree().children:
                try:
                    if w.get_attributes().map_state != X.IsViewable:
                        continue
                    aware = w.get_full_property(self.atom["XdndAware"], Xatom.ATOM)
                except Exception:  # the window went away meanwhile
                    continue
                if aware and aware.value and aware.value[0] >= 3:
                    return w
            if time.monotonic() > self.deadline:
                fail("no window accepts drops (XdndAware)")
            time.sleep(0.1)

    def send(self, target, name, data):
        ev = event.ClientMessage(
            window=target, client_type=self.atom[name], data=(32, data + [0] * (5 - len(data)))
        )
        target.send_event(ev, event_mask=0)
        self.d.flush()

    def client_message(self, name, waiting_for, handle_requests=None):
        while True:
            ev = self.next_event(waiting_for)
            if ev.type == X.ClientMessage and ev.client_type == self.atom[name]:
                return ev
            if ev.type == X.SelectionRequest and handle_requests:
                handle_requests(ev)

    def drop(self, uris):
        target = self.find_target()
        geo = target.get_geometry()
        pos = self.root.translate_coords(target, geo.width // 2, geo.height // 2)
        root_x, root_y = pos.x, pos.y
        payload = "".join(u + "\r\n" for u in uris).encode()

        t = self.server_time()
        self.src.set_selection_owner(self.atom["XdndSelection"], t)
        self.d.flush()
        if self.d.get_selection_owner(self.atom["XdndSelection"]) != self.src:
            fail("could not own XdndSelection")

        uri_list = self.atom["text/uri-list"]
        self.send(target, "XdndEnter", [self.src.id, XDND_VERSION << 24, uri_list, Xatom.STRING, 0])
        self.send(target, "XdndPosition", [self.src.id, 0, (root_x << 16) | root_y, t, self.atom["XdndActionCopy"]])
        status = self.client_message("XdndStatus", "XdndStatus")
        if not status.data[1][1] & 1:
            self.send(target, "XdndLeave", [self.src.id])
            fail("the window does not accept text/uri-list")

        self.send(target, "XdndDrop", [self.src.id, 0, t])
        served = []

        def serve(req):
            prop = req.property if req.property != X.NONE else req.target
            ok = req.selection == self.atom["XdndSelection"] and req.target == uri_list
            if ok:
                req.requestor.change_property(prop, uri_list, 8, payload)
                served.append(len(payload))
            reply = event.SelectionNotify(
                time=req.time, requestor=req.requestor, selection=req.selection,
                target=req.target, property=prop if ok else X.NONE,
            )
            req.requestor.send_event(reply, event_mask=0)
            self.d.flush()

        finished = self.client_message("XdndFinished", "XdndFinished", serve)
        if not served:
            fail("the window finished the drop without asking for the data")
        if finished.data[1][1] == 0:
            fail("the window refused the drop")
        print(f"xdnd_drop: dropped {len(uris)} item(s), {served[0]} bytes of text/uri-list")


def main():
    args = sys.argv[1:]
    timeout = 20.0
    if len(args) >= 2 and args[0] == "-timeout":
        timeout = float(args[1])
        args = args[2:]
    if not args:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    Drag(timeout).drop([to_uri(a) for a in args])


if __name__ == "__main__":
    main()
