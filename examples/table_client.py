#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A client of org.omt.Table1 in Python (python3-dbus, GLib main loop).

It unlocks the table, shows how each refusal arrives (by its D-Bus error
name), moves the table while holding the motion and following its progress
from PropertiesChanged, saves a preset and recalls it the same way.

    DBUS_SYSTEM_BUS_ADDRESS=... examples/table_client.py [HEIGHT_MM]

Run it as root or as a member of group omt-operator.  Exit status: 0 when
every step went as expected, 1 otherwise.
"""
import sys

import dbus
import dbus.mainloop.glib
from gi.repository import GLib

NAME = "org.omt.Table1"
PATH = "/org/omt/Table1"
ERROR = "org.omt.Table1.Error."
HOLD_MS = 100          # at most; a third of HoldTimeoutMs if that is shorter

# What a client does about each refusal.  A refused call changed nothing.
ADVICE = {
    ERROR + "OutOfRange": "pick a value inside the permitted travel",
    ERROR + "Locked": "call Unlock() first",
    ERROR + "Faulted": "read ActiveFaults/FaultMessages, then ClearFaults()",
    ERROR + "Interlock": "release the e-stop or disarm the drop sections",
    ERROR + "NotFound": "check the name against the Presets property",
    ERROR + "Busy": "wait (the duty cycle refusal says how long) and retry",
    ERROR + "Storage": "the preset file could not be written; tell a technician",
    ERROR + "Exists": "choose another name or pass overwrite=true",
    "org.freedesktop.DBus.Error.InvalidArgs": "fix the arguments",
    "org.freedesktop.DBus.Error.AccessDenied": "join group omt-operator",
}


class Table:
    def __init__(self):
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        self.bus = dbus.SystemBus()
        proxy = self.bus.get_object(NAME, PATH)
        self.table = dbus.Interface(proxy, NAME)
        self.props = dbus.Interface(proxy, dbus.PROPERTIES_IFACE)
        self.loop = GLib.MainLoop()
        self.motion = None
        self.outcome = None
        self.shown = None      # the height last printed
        self.bus.add_signal_receiver(self.on_finished, "MotionFinished",
                                     NAME, NAME, PATH)
        self.props.connect_to_signal("PropertiesChanged", self.on_changed)

    def get(self, prop):
        return self.props.Get(NAME, prop)

    def refusal(self, what, call, *args):
        """Make a call that should be refused; return its error name."""
        try:
            call(*args)
        except dbus.exceptions.DBusException as e:
            name = e.get_dbus_name()
            print(f"  {what}: {name.rsplit('.', 1)[1]}: "
                  f"{e.get_dbus_message()} ({ADVICE.get(name, '?')})")
            return name
        print(f"  {what}: not refused")
        return None

    # Signals ------------------------------------------------------------
    def on_changed(self, interface, changed, invalidated):
        if interface == NAME and "Height" in changed and self.motion:
            height = float(changed["Height"])
            # Every 5 mm is progress enough for a person to watch.
            if self.shown is None or abs(height - self.shown) >= 5:
                print(f"  height {height:.1f} mm")
                self.shown = height

    def on_finished(self, motion_id, outcome):
        if motion_id == self.motion:
            self.outcome = str(outcome)
            self.loop.quit()

    # A held motion ------------------------------------------------------
    def hold(self):
        if self.outcome is not None:
            return False
        try:
            self.table.Hold(self.motion)
        except dbus.exceptions.DBusException:
            pass        # the motion just ended; MotionFinished says how
        return True

    def run(self, start, *args):
        """Start a motion with start(*args), hold it until it finishes."""
        self.outcome = None
        self.shown = None
        self.motion = int(start(*args))
        # Three keep-alives per timeout: one late one is no stop.
        period = min(HOLD_MS, int(self.get("HoldTimeoutMs")) // 3)
        GLib.timeout_add(period, self.hold)
        self.loop.run()
        motion, self.motion = self.motion, None
        print(f"  motion {motion} finished: {self.outcome}")
        return self.outcome == "reached"


def main():
    sys.stdout.reconfigure(line_buffering=True)   # progress, line by line
    target = float(sys.argv[1]) if len(sys.argv) > 1 else 720.0
    t = Table()
    print(f"omtd {t.get('Version')}: {t.get('State')}, "
          f"{float(t.get('Height')):.1f} mm, {float(t.get('Tilt')):.1f} deg")
    # The drives' identity: a Diagnostics property anyone may read.  A key
    # is absent while its value is unknown.
    drives = t.props.Get(NAME + ".Diagnostics", "DriveIdentities")
    for axis, ident in drives.items():
        print(f"  drive {axis}: serial {ident.get('serial', 'unknown')}, "
              f"firmware {ident.get('firmware', 'unknown')}")

    ok = True
    t.table.Lock()
    print("refusals, by error name:")
    expected = [
        ("MoveTo while locked", ERROR + "Locked", t.table.MoveTo,
         {"height": dbus.Double(target)}),
        ("RecallPreset of no preset", ERROR + "NotFound",
         t.table.RecallPreset, "no-such-preset"),
    ]
    for what, name, call, arg in expected:
        ok &= t.refusal(what, call, arg) == name
    t.table.Unlock()
    print("unlocked")
    ok &= t.refusal("MoveTo 5000 mm", t.table.MoveTo,
                    {"height": dbus.Double(5000)}) == ERROR + "OutOfRange"
    ok &= t.refusal("MoveTo depth", t.table.MoveTo,
                    {"depth": dbus.Double(1)}) == \
        "org.freedesktop.DBus.Error.InvalidArgs"
    t.table.EmergencyStop()
    ok &= t.refusal("MoveTo after an e-stop", t.table.MoveTo,
                    {"height": dbus.Double(target)}) in \
        (ERROR + "Interlock", ERROR + "Faulted")
    t.table.ClearFaults()

    here = float(t.get("Height"))
    t.table.SavePresetWithOptions("example-start",
                                  {"overwrite": dbus.Boolean(True)})
    ok &= t.refusal("SavePresetWithOptions of a taken name",
                    t.table.SavePresetWithOptions, "EXAMPLE-START",
                    {"overwrite": dbus.Boolean(False)}) == ERROR + "Exists"

    print(f"move to {target:.1f} mm:")
    ok &= t.run(t.table.MoveTo, {"height": dbus.Double(target)})
    print(f"recall example-start ({here:.1f} mm):")
    ok &= t.run(t.table.RecallPreset, "example-start")
    t.table.DeletePreset("example-start")
    print(f"now at {float(t.get('Height')):.1f} mm")
    print("done" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
