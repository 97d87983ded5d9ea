/* SPDX-License-Identifier: MIT */
/* Bit masks over small enums (axes, inputs, STATUS flags). */
#ifndef OMT_BITS_H
#define OMT_BITS_H

#define BIT(n) (1u << (n))

#endif /* OMT_BITS_H */
