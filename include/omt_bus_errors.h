/* SPDX-License-Identifier: MIT */
/*
 * The D-Bus error names of org.omt.Table1 (docs/dbus-api.md), shared by
 * the daemon and omtctl.
 */
#ifndef OMT_BUS_ERRORS_H
#define OMT_BUS_ERRORS_H

#define OMT_ERROR_OUT_OF_RANGE "org.omt.Table1.Error.OutOfRange"
#define OMT_ERROR_LOCKED       "org.omt.Table1.Error.Locked"
#define OMT_ERROR_FAULTED      "org.omt.Table1.Error.Faulted"
#define OMT_ERROR_INTERLOCK    "org.omt.Table1.Error.Interlock"
#define OMT_ERROR_NOT_FOUND    "org.omt.Table1.Error.NotFound"
/* Extensions: the controller cannot take the command right now. */
#define OMT_ERROR_BUSY         "org.omt.Table1.Error.Busy"
/* The preset file could not be written; nothing changed. */
#define OMT_ERROR_STORAGE      "org.omt.Table1.Error.Storage"
/* A preset of that name (in any case) exists; nothing changed. */
#define OMT_ERROR_EXISTS       "org.omt.Table1.Error.Exists"

#define OMT_ERROR_INVALID_ARGS  "org.freedesktop.DBus.Error.InvalidArgs"
#define OMT_ERROR_ACCESS_DENIED "org.freedesktop.DBus.Error.AccessDenied"

#endif /* OMT_BUS_ERRORS_H */
