/* sl-entry-row.h — a preferences row with a text field a screen reader follows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_ENTRY_ROW (sl_entry_row_get_type ())
G_DECLARE_FINAL_TYPE (SlEntryRow, sl_entry_row, SL, ENTRY_ROW, AdwPreferencesRow)

GtkWidget *sl_entry_row_new       (void);
/* The field: its text, its "changed" and "activate" (Enter) signals. */
GtkEntry  *sl_entry_row_get_entry (SlEntryRow *self);
/* The field's text as typed. */
const char *sl_entry_row_get_text (SlEntryRow *self);
/* The field's text without spaces before and after; NULL when that
 * leaves nothing.
 */
char      *sl_entry_row_dup_text  (SlEntryRow *self) G_GNUC_WARN_UNUSED_RESULT;
/* Puts text (NULL: nothing) in the field. */
void       sl_entry_row_set_text  (SlEntryRow *self,
                                   const char *text);
/* Shows the field as holding a wrong value, message saying why (a screen
 * reader says it after the field's name and text); NULL: as fine again.
 */
void       sl_entry_row_set_error (SlEntryRow *self,
                                   const char *message);
/* Shows the field as holding a wrong value, or not, without telling a
 * screen reader: for a value that is wrong only until it is typed whole.
 */
void       sl_entry_row_show_error (SlEntryRow *self,
                                    gboolean    shown);
/* A row right below row (any row of a boxed list: a field, a combo row),
 * hidden until its title tells the problem with row; show it with
 * gtk_widget_set_visible once the title is set.
 */
AdwActionRow *sl_entry_row_add_error_row (GtkWidget *row);
/* Gives the title the width of the widest in group (a horizontal size
 * group), so that the fields of a form start in one line.
 */
void       sl_entry_row_align_title (SlEntryRow   *self,
                                     GtkSizeGroup *group);

G_END_DECLS
