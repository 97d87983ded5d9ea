/* SPDX-License-Identifier: MIT */
/*
 * The storage layer's seam: what omtd keeps in state_dir (/var/lib/omt/).
 *  - presets.h, presets_store.h: the named presets, validated as a set
 *    and replaced atomically on disk;
 *  - event_log.h, event_log_store.h: the technicians' event log, a ring
 *    of fixed-size records.
 * Layers above include this header only.
 */
#ifndef OMTD_STORE_H
#define OMTD_STORE_H

#include "event_log_store.h"
#include "presets_store.h"

#endif /* OMTD_STORE_H */
