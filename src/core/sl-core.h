/* sl-core.h — everything the GUI, the CLI and the tests use of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-types.h"
#include "sl-db.h"
#include "sl-entrant.h"
#include "sl-entrants.h"
#include "sl-event.h"
#include "sl-search.h"
#include "sl-checkin.h"
#include "sl-desk.h"
#include "sl-audit.h"
#include "sl-erasure.h"
#include "sl-event-copy.h"
#include "sl-fold.h"
#include "sl-import.h"
#include "sl-need.h"
#include "sl-needs.h"
#include "sl-role.h"
#include "sl-session.h"
#include "sl-staff.h"
#include "sl-facility.h"
#include "sl-facilities.h"
#include "sl-export-profile.h"
#include "sl-roster-export.h"
#include "sl-fundraising-import.h"
#include "sl-charities-async.h"
