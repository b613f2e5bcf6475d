/* sl-cli-facilities.c — startline-cli facility, book, cancel-booking,
 * bookings, enter, leave, occupancy and roster
 *
 * Facilities are named by name, matched case-insensitively; an unknown
 * one exits 1 naming those there are. People by bib or booking
 * reference. Adding, closing, booking and cancelling need an officer or
 * an admin (--as), the roster an officer, an exporter or an admin; the
 * door and the lists are anyone's. A refusal exits
 * 1 with one line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-cli.h"

static const SlCliCommand facility_add_command = {
  "facility add", "", N_("Add a facility (an officer or an admin); prints its id."), NULL,
  N_("Kinds: quiet-space, faith-space, family-area, breastfeeding-room,\n"
     "accessible-toilet, changing-places, welfare-hub, other. Times are HH:MM on\n"
     "the event's day, in its local time. Without --slot-minutes the facility is\n"
     "drop-in, booked for the day; --inside NAME puts it inside another, whose\n"
     "capacity it counts against too.")
};
static const SlCliCommand facility_list_command = {
  "facility list", "", N_("List the facilities, tab-separated."), NULL,
  N_("Columns: name, kind, capacity, opens, closes, slot minutes (0: drop-in),\n"
     "inside (the parent's name), location, confirmed, waiting, inside now,\n"
     "open or closed.")
};
static const SlCliCommand facility_close_command = {
  "facility close", "NAME", N_("Close a facility early (an officer or an admin)."), NULL, NULL
};
static const SlCliCommand facility_reopen_command = {
  "facility reopen", "NAME", N_("Reopen a closed facility (an officer or an admin)."), NULL, NULL
};

/* The --slot option: SL_SLOT_DAY when absent. */
static int
parse_slot (const SlCliCommand *command,
            const char         *text,
            int                *slot)
{
  g_autoptr(GError) error = NULL;

  *slot = SL_SLOT_DAY;
  if (text == NULL)
    return -1;
  if (!sl_time_of_day_parse (g_strstrip ((char *)text), slot, &error))
    return sl_cli_usage_error (command, "--slot: %s", error->message);
  return -1;
}

static SlFacility *
find_facility (SlDb       *db,
               const char *name,
               int        *rc)
{
  g_autoptr(GError) error = NULL;
  SlFacility *facility = sl_db_find_facility (db, name, &error);

  if (facility == NULL)
    *rc = sl_cli_fail (error);
  return facility;
}

/* What a command on one facility holds: the event, the facility and,
 * when the command names one, the person; its --slot, when it takes one.
 */
typedef struct
{
  const SlCliCommand *command;
  char               *slot_text;
  int                 slot;
  SlDb               *db;
  SlFacility         *facility;
  SlEntrant          *entrant;
} FacilityCall;

static void
facility_call_clear (FacilityCall *call)
{
  g_clear_pointer (&call->entrant, sl_entrant_free);
  g_clear_pointer (&call->facility, sl_facility_free);
  g_clear_object (&call->db);
  g_clear_pointer (&call->slot_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FacilityCall, facility_call_clear)

/* The command's options, then n_words words on its line (the command's
 * own first), else the usage error expected. -1 to go on, else the exit
 * code.
 */
static int
parse_words (FacilityCall  *call,
             GOptionEntry  *entries,
             int           *argc,
             char        ***argv,
             int            n_words,
             const char    *expected)
{
  int rc;

  if ((rc = sl_cli_parse (call->command, entries, argc, argv)) >= 0)
    return rc;
  if (*argc != n_words)
    return sl_cli_usage_error (call->command, "%s", expected);
  return -1;
}

/* Opens the event and finds the facility (and the entrant, when code is
 * not NULL); SL_CLI_OK or the exit code after one line.
 */
static int
open_facility (FacilityCall       *call,
               const SlCliGlobals *globals,
               const char         *name,
               const char         *code)
{
  int rc;

  if ((rc = sl_cli_open_db (globals, &call->db)) != SL_CLI_OK)
    return rc;
  if (!(call->facility = find_facility (call->db, name, &rc)))
    return rc;
  if (code != NULL && !(call->entrant = sl_cli_dup_entrant (call->db, code, &rc)))
    return rc;
  return SL_CLI_OK;
}

/* open_facility for a command whose --slot (slot_text) picks one slot of
 * the facility, or every slot without it (slot SL_SLOT_ANY); the slot
 * must be one of the facility's. SL_CLI_OK or the exit code after one
 * line.
 */
static int
open_facility_slot (FacilityCall       *call,
                    const SlCliGlobals *globals,
                    const char         *name,
                    const char         *code)
{
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = parse_slot (call->command, call->slot_text, &call->slot)) >= 0)
    return rc;
  if ((rc = open_facility (call, globals, name, code)) != SL_CLI_OK)
    return rc;
  if (call->slot_text == NULL)
    call->slot = SL_SLOT_ANY;
  else if (!sl_facility_check_slot (call->facility, call->slot, &error))
    return sl_cli_fail (error);
  return SL_CLI_OK;
}

static int
parse_time_option (const SlCliCommand *command,
                   const char         *option,
                   char               *text,
                   int                *minutes)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return sl_cli_usage_error (command, _("%s HH:MM is required"), option);
  if (!sl_time_of_day_parse (g_strstrip (text), minutes, &error))
    return sl_cli_usage_error (command, "%s: %s", option, error->message);
  return -1;
}

static int
facility_add (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autofree char *kind = NULL;
  g_autofree char *name = NULL;
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlFacility) parent = NULL;
  SlFacility facility = { 0 };
  int capacity = 0, slot_minutes = 0, rc;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("What it is (quiet-space, …)"), N_("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Its name"), N_("NAME") },
    { "capacity", 0, 0, G_OPTION_ARG_INT, &capacity, N_("People at once"), N_("N") },
    { "opens", 0, 0, G_OPTION_ARG_STRING, &opens, N_("Opening time"), N_("HH:MM") },
    { "closes", 0, 0, G_OPTION_ARG_STRING, &closes, N_("Closing time"), N_("HH:MM") },
    { "slot-minutes", 0, 0, G_OPTION_ARG_INT, &slot_minutes, N_("Length of a bookable slot"),
      N_("M") },
    { "inside", 0, 0, G_OPTION_ARG_STRING, &inside, N_("The facility it is inside"), N_("NAME") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("Where it is"), N_("TEXT") },
    { NULL }
  };
  gint64 id;

  if ((rc = sl_cli_parse_args (&facility_add_command, entries, &argc, &argv, NULL)) >= 0)
    return rc;
  if (kind == NULL)
    return sl_cli_usage_error (&facility_add_command, _("--kind KIND is required"));
  if (!sl_facility_kind_from_id (kind, &facility.kind))
    return sl_cli_usage_error (&facility_add_command, _("--kind: unknown kind “%s”"), kind);
  if (name == NULL)
    return sl_cli_usage_error (&facility_add_command, _("--name NAME is required"));
  if ((rc = parse_time_option (&facility_add_command, "--opens", opens, &facility.opens)) >= 0
      || (rc = parse_time_option (&facility_add_command, "--closes", closes,
                                  &facility.closes)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (inside != NULL && !(parent = find_facility (db, inside, &rc)))
    return rc;
  facility.name = name;
  facility.location = location;
  facility.capacity = capacity;
  facility.slot_minutes = slot_minutes;
  facility.parent_id = parent != NULL ? parent->id : 0;
  if (!sl_db_add_facility (db, &facility, &id, &error))
    return sl_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return SL_CLI_OK;
}

static int
facility_list (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) facilities = NULL;
  int rc;

  if ((rc = sl_cli_parse_args (&facility_list_command, NULL, &argc, &argv, NULL)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(facilities = sl_db_list_facilities (db, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < facilities->len; i++)
    {
      const SlFacility *f = facilities->pdata[i];
      g_autofree char *opens = sl_time_of_day_format (f->opens);
      g_autofree char *closes = sl_time_of_day_format (f->closes);

      g_print ("%s\t%s\t%d\t%s\t%s\t%d\t%s\t%s\t%d\t%d\t%d\t%s\n", f->name,
               sl_facility_kind_to_id (f->kind), f->capacity, opens, closes, f->slot_minutes,
               f->parent_name != NULL ? f->parent_name : "", f->location != NULL ? f->location : "",
               f->confirmed, f->waiting, f->inside, f->closed ? "closed" : "open");
    }
  return SL_CLI_OK;
}

static int
facility_set_closed (const SlCliGlobals *globals,
                     const SlCliCommand *command,
                     gboolean            closed,
                     int                 argc,
                     char              **argv)
{
  g_auto(FacilityCall) call = { command };
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = parse_words (&call, NULL, &argc, &argv, 2, _("expected one facility name"))) >= 0)
    return rc;
  if ((rc = open_facility (&call, globals, argv[1], NULL)) != SL_CLI_OK)
    return rc;
  if (!sl_db_set_facility_closed (call.db, call.facility->id, closed, &error))
    return sl_cli_fail (error);
  g_print ("%s\t%s\n", call.facility->name, closed ? "closed" : "open");
  return SL_CLI_OK;
}

int
sl_cli_facility (const SlCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();

  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return facility_add (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return facility_list (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "close"))
    return facility_set_closed (globals, &facility_close_command, TRUE, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "reopen"))
    return facility_set_closed (globals, &facility_reopen_command, FALSE, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: startline-cli facility add|list|close|reopen …\n\n%s\n\n",
               _(command->summary));
      g_print ("  facility add --kind KIND --name NAME --capacity N --opens HH:MM --closes HH:MM\n"
               "               [--slot-minutes M] [--inside NAME] [--location TEXT]\n");
      g_print ("  facility list\n");
      g_print ("  facility close NAME\n");
      g_print ("  facility reopen NAME\n");
      return SL_CLI_OK;
    }
  return sl_cli_usage_error (command, _("expected add, list, close or reopen"));
}

int
sl_cli_book (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_auto(FacilityCall) call = { sl_cli_get_current_command () };
  g_autoptr(GError) error = NULL;
  SlBookResult result = { 0 };
  int party = 1, rc;
  GOptionEntry entries[] = {
    { "slot", 0, 0, G_OPTION_ARG_STRING, &call.slot_text, N_("The slot's start (none: drop-in)"),
      N_("HH:MM") },
    { "party", 0, 0, G_OPTION_ARG_INT, &party, N_("People in the party (default 1)"), N_("N") },
    { NULL }
  };

  if ((rc = parse_words (&call, entries, &argc, &argv, 3,
                         _("expected a facility and a bib or booking reference"))) >= 0)
    return rc;
  if ((rc = parse_slot (call.command, call.slot_text, &call.slot)) >= 0)
    return rc;
  if ((rc = open_facility (&call, globals, argv[1], argv[2])) != SL_CLI_OK)
    return rc;
  if (!sl_db_book (call.db, call.facility->id, call.entrant->id, 0, call.slot, party, &result,
                   &error))
    return sl_cli_fail (error);
  if (result.status == SL_BOOKING_WAITING)
    g_print ("waiting %d\n", result.position);
  else
    g_print ("confirmed\n");
  return SL_CLI_OK;
}

static void
print_booking_person (const char      *prefix,
                      const SlBooking *booking)
{
  g_autofree char *at = sl_time_of_day_format (booking->slot);

  g_print ("%s%s\t%s %s\t%s\t%d\n", prefix, booking->bib, booking->first_name, booking->last_name,
           at, booking->party);
}

int
sl_cli_cancel_booking (const SlCliGlobals *globals,
                       int                 argc,
                       char              **argv)
{
  g_auto(FacilityCall) call = { sl_cli_get_current_command () };
  SlEntrant *entrant;
  SlFacility *facility;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GPtrArray) promoted = NULL;
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  GOptionEntry entries[] = {
    { "slot", 0, 0, G_OPTION_ARG_STRING, &call.slot_text, N_("The slot's start"), N_("HH:MM") },
    { NULL }
  };
  int rc;

  if ((rc = parse_words (&call, entries, &argc, &argv, 3,
                         _("expected a facility and a bib or booking reference"))) >= 0)
    return rc;
  if ((rc = open_facility_slot (&call, globals, argv[1], argv[2])) != SL_CLI_OK)
    return rc;
  facility = call.facility;
  entrant = call.entrant;
  filter.facility_id = facility->id;
  filter.entrant_id = entrant->id;
  filter.slot = call.slot;
  if (!(bookings = sl_db_list_bookings (call.db, &filter, &error)))
    return sl_cli_fail (error);
  for (guint i = bookings->len; i > 0; i--)
    if (((SlBooking *)bookings->pdata[i - 1])->link_id != 0)
      g_ptr_array_remove_index (bookings, i - 1);
  if (bookings->len == 0)
    {
      g_printerr (_("startline-cli: Bib %s holds no booking for %s to cancel\n"), entrant->bib,
                  facility->name);
      return SL_CLI_FAILED;
    }
  if (bookings->len > 1)
    {
      g_printerr (_("startline-cli: Bib %s holds bookings for several slots of %s: give --slot HH:MM\n"),
                  entrant->bib, facility->name);
      return SL_CLI_FAILED;
    }
  if (!sl_db_cancel_booking (call.db, ((SlBooking *)bookings->pdata[0])->id, &promoted, &error))
    return sl_cli_fail (error);
  g_print ("cancelled\n");
  for (guint i = 0; i < promoted->len; i++)
    print_booking_person ("promoted\t", promoted->pdata[i]);
  return SL_CLI_OK;
}

int
sl_cli_bookings (const SlCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  g_auto(FacilityCall) call = { sl_cli_get_current_command () };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  GOptionEntry entries[] = {
    { "slot", 0, 0, G_OPTION_ARG_STRING, &call.slot_text, N_("Only this slot"), N_("HH:MM") },
    { NULL }
  };
  int rc;

  if ((rc = parse_words (&call, entries, &argc, &argv, 2, _("expected one facility name"))) >= 0)
    return rc;
  if ((rc = open_facility_slot (&call, globals, argv[1], NULL)) != SL_CLI_OK)
    return rc;
  filter.facility_id = call.facility->id;
  filter.slot = call.slot;
  if (!(bookings = sl_db_list_bookings (call.db, &filter, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < bookings->len; i++)
    {
      const SlBooking *b = bookings->pdata[i];
      g_autofree char *at = sl_time_of_day_format (b->slot);
      g_autofree char *name = b->companion_name != NULL
                              ? g_strdup_printf ("%s (with %s %s)", b->companion_name,
                                                 b->first_name, b->last_name)
                              : g_strdup_printf ("%s %s", b->first_name, b->last_name);
      g_autofree char *position = b->position > 0 ? g_strdup_printf ("%d", b->position)
                                                  : g_strdup ("");

      g_print ("%s\t%s\t%s\t%d\t%s\t%s\n", b->bib, name, at, b->party,
               sl_booking_status_to_id (b->status), position);
    }
  return SL_CLI_OK;
}

static void
print_door (const SlDoorResult *door)
{
  g_print ("%s: %s\n", door->move == SL_DOOR_ENTERED ? "entered" : "left", door->bib);
  if (door->left_elsewhere != NULL)
    g_print ("left elsewhere: %s\n", door->left_elsewhere);
  if (door->over_capacity)
    g_print ("over capacity: yes\n");
  g_print ("party: %d\ninside: %d\ncapacity: %d\n", door->party, door->inside, door->capacity);
}

static int
door (const SlCliGlobals *globals,
      gboolean            enter,
      int                 argc,
      char              **argv)
{
  g_auto(FacilityCall) call = { sl_cli_get_current_command () };
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  SlDoorResult result = { 0 };
  GOptionEntry entries[] = {
    { "override", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Admit over capacity, for this reason (an officer or an admin)"), N_("REASON") },
    { NULL }
  };
  gint64 facility_id, entrant_id;
  int rc;

  if ((rc = parse_words (&call, enter ? entries : NULL, &argc, &argv, 3,
                         _("expected a facility and a bib or booking reference"))) >= 0)
    return rc;
  if ((rc = sl_cli_trim_option (call.command, "--override", reason)) >= 0)
    return rc;
  if ((rc = open_facility (&call, globals, argv[1], argv[2])) != SL_CLI_OK)
    return rc;
  facility_id = call.facility->id;
  entrant_id = call.entrant->id;
  if (enter ? !sl_db_enter_facility (call.db, facility_id, entrant_id, reason, &result, &error)
            : !sl_db_leave_facility (call.db, facility_id, entrant_id, &result, &error))
    return sl_cli_fail (error);
  print_door (&result);
  sl_door_result_clear (&result);
  return SL_CLI_OK;
}

int
sl_cli_enter (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  return door (globals, TRUE, argc, argv);
}

int
sl_cli_leave (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  return door (globals, FALSE, argc, argv);
}

int
sl_cli_occupancy (const SlCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  g_auto(FacilityCall) call = { sl_cli_get_current_command () };
  g_autoptr(GError) error = NULL;
  int inside, capacity, rc;

  if ((rc = parse_words (&call, NULL, &argc, &argv, 2, _("expected one facility name"))) >= 0)
    return rc;
  if ((rc = open_facility (&call, globals, argv[1], NULL)) != SL_CLI_OK)
    return rc;
  if (!sl_db_facility_occupancy (call.db, call.facility->id, &inside, &capacity, &error))
    return sl_cli_fail (error);
  g_print ("inside: %d\ncapacity: %d\n", inside, capacity);
  return SL_CLI_OK;
}

int
sl_cli_roster (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_auto(FacilityCall) call = { sl_cli_get_current_command () };
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "slot", 0, 0, G_OPTION_ARG_STRING, &call.slot_text, N_("Only this slot"), N_("HH:MM") },
    { NULL }
  };
  guint n_rows = 0;
  int rc;

  if ((rc = parse_words (&call, entries, &argc, &argv, 3, _("expected a facility and a file"))) >= 0)
    return rc;
  if ((rc = parse_slot (call.command, call.slot_text, &call.slot)) >= 0)
    return rc;
  if ((rc = open_facility (&call, globals, argv[1], NULL)) != SL_CLI_OK)
    return rc;
  if (!sl_db_export_roster (call.db, call.facility->id,
                            call.slot_text != NULL ? call.slot : SL_SLOT_ANY, argv[2], &n_rows,
                            &error))
    return sl_cli_fail (error);
  g_print ("rows: %u\n", n_rows);
  return SL_CLI_OK;
}
