/* fuzz-import.h — the CSV import fuzz target, shared by libFuzzer and the
 * corpus replay test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
