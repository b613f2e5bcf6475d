/* sl-need-editor.h — an accessibility officer's editor of one need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-need.h"

G_BEGIN_DECLS

#define SL_TYPE_NEED_EDITOR (sl_need_editor_get_type ())
G_DECLARE_FINAL_TYPE (SlNeedEditor, sl_need_editor, SL, NEED_EDITOR, AdwWindow)

/* NULL with error when the need cannot be read (or the role may not). */
SlNeedEditor *sl_need_editor_new            (SlDb          *db,
                                             gint64         need_id,
                                             GError       **error);
/* Asks for the detail (read in a worker thread and audited); the detail
 * shows when it has been read.
 */
void          sl_need_editor_show_detail    (SlNeedEditor  *self);
gboolean      sl_need_editor_get_detail_shown (SlNeedEditor *self);
/* Chooses a status in the form (one the need may move to): FALSE if not. */
gboolean      sl_need_editor_choose_status  (SlNeedEditor  *self,
                                             SlNeedStatus   status);
/* Writes what changed (status, adjustments, consents) through the async
 * calls, one after the other; FALSE when the form is refused at once.
 */
gboolean      sl_need_editor_save           (SlNeedEditor  *self);
/* A save or a read is under way. */
gboolean      sl_need_editor_get_busy       (SlNeedEditor  *self);

G_END_DECLS
