/* sl-a11y.c — accessible names that the toolkit leaves out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"

/* "_Save" → "Save", "Fish __and Chips" → "Fish _and Chips". */
static char *
dup_without_mnemonic (const char *label)
{
  char *plain = g_strdup (label);
  char *out = plain;

  for (const char *in = label; *in != '\0'; in++)
    {
      if (*in == '_')
        {
          if (in[1] != '_')
            continue;
          in++;
        }
      *out++ = *in;
    }
  *out = '\0';
  return plain;
}

/* TRUE the first time for object and key: a handler is connected once. */
static gboolean
mark_once (gpointer    object,
           const char *key)
{
  if (g_object_get_data (G_OBJECT (object), key) != NULL)
    return FALSE;
  g_object_set_data (G_OBJECT (object), key, GINT_TO_POINTER (1));
  return TRUE;
}

static void fix_mnemonic (GtkWidget *widget);

static void
label_changed_cb (GtkWidget  *widget,
                  GParamSpec *pspec,
                  gpointer    data)
{
  fix_mnemonic (widget);
}

static void
watch_label (GtkWidget *widget)
{
  if (!mark_once (widget, "sl-a11y-label-watched"))
    return;
  g_signal_connect_after (widget, "notify::label", G_CALLBACK (label_changed_cb), NULL);
  g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
}

static void
fix_mnemonic (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    {
      /* The inner label names the button through its mnemonic. */
      if (gtk_button_get_use_underline (GTK_BUTTON (widget)))
        gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
      watch_label (widget);
    }
  else if (GTK_IS_CHECK_BUTTON (widget)
           && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    {
      const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));

      if (gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)))
        {
          g_autofree char *plain = dup_without_mnemonic (label);

          gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
        }
      watch_label (widget);
    }
}

static GtkLabel *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* The row a list view made for child: GTK 4.8 leaves it nameless. */
static void
name_list_row (GtkWidget *child)
{
  GtkWidget *row = gtk_widget_get_parent (child);
  GtkLabel *label = find_label (child);

  if (row == NULL)
    return;
  /* A row the list reuses for an empty choice must not keep the old name. */
  if (label != NULL && *gtk_label_get_text (label) != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_label_get_text (label), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
choice_bound_cb (GtkListItemFactory *factory,
                 GtkListItem        *item)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  if (child != NULL)
    name_list_row (child);
}

/* The choices of a combo row or drop-down, in its popover's list, are
 * named as they are bound (fix_tree names those already made).
 */
static void
watch_choices (GtkListItemFactory *factory)
{
  if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory) && mark_once (factory, "sl-a11y-choices-watched"))
    g_signal_connect_after (factory, "bind", G_CALLBACK (choice_bound_cb), NULL);
}

/* An icon-only "back" button, as the subpages of the about window have:
 * GTK 4.8 names it after its class ("GtkButton", "GtkImage").
 */
static void
name_back_button (GtkWidget *widget)
{
  GtkWidget *child;
  const char *icon = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  if (GTK_IS_IMAGE (child) && gtk_image_get_storage_type (GTK_IMAGE (child)) == GTK_IMAGE_ICON_NAME)
    icon = gtk_image_get_icon_name (GTK_IMAGE (child));
  else if (child == NULL)
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  if (icon != NULL && g_str_has_prefix (icon, "go-previous-symbolic"))
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Back"), -1);
}

static void
fix_tree (GtkWidget *widget,
          gboolean   in_choices)
{
  fix_mnemonic (widget);
  name_back_button (widget);
  if (ADW_IS_COMBO_ROW (widget))
    {
      AdwComboRow *row = ADW_COMBO_ROW (widget);

      watch_choices (adw_combo_row_get_list_factory (row) != NULL
                       ? adw_combo_row_get_list_factory (row)
                       : adw_combo_row_get_factory (row));
      in_choices = TRUE;
    }
  else if (GTK_IS_DROP_DOWN (widget))
    {
      GtkDropDown *drop_down = GTK_DROP_DOWN (widget);

      watch_choices (gtk_drop_down_get_list_factory (drop_down) != NULL
                       ? gtk_drop_down_get_list_factory (drop_down)
                       : gtk_drop_down_get_factory (drop_down));
      in_choices = TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (in_choices && GTK_IS_LIST_VIEW (widget) && gtk_widget_get_first_child (child) != NULL)
        name_list_row (gtk_widget_get_first_child (child));
      fix_tree (child, in_choices);
    }
}

void
sl_a11y_fix_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_tree (root, FALSE);
}

static void
window_mapped_cb (GtkWidget *window)
{
  sl_a11y_fix_tree (window);
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!mark_once (window, "sl-a11y-window-watched"))
        continue;
      g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
      if (gtk_widget_get_mapped (window))
        sl_a11y_fix_tree (window);
    }
}

void
sl_a11y_watch_windows (void)
{
  static gboolean watching;

  if (watching)
    return;
  watching = TRUE;
  g_signal_connect (gtk_window_get_toplevels (), "items-changed",
                    G_CALLBACK (toplevels_changed_cb), NULL);
}

static void
name_close_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child)
          && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)),
                        "window-close-symbolic") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Dismiss notification"), -1);
      fix_mnemonic (child);
      name_close_buttons (child);
    }
}

static gboolean
name_close_buttons_later_cb (gpointer data)
{
  g_autoptr(GtkWidget) overlay = g_weak_ref_get (data);

  if (overlay != NULL)
    name_close_buttons (overlay);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static GWeakRef *
new_weak_ref (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* A queued toast gets its widget when the one before it goes away. The
 * sources hold the overlay weakly: it must not outlive its window.
 */
static void
toast_dismissed_cb (AdwToastOverlay *overlay)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_close_buttons_later_cb,
                   new_weak_ref (overlay), free_weak_ref);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 400, name_close_buttons_later_cb,
                      new_weak_ref (overlay), free_weak_ref);
}

/* Long enough for the message to be said; short enough that it is not
 * read again as the description when the focus comes back a while later.
 */
#define ANNOUNCEMENT_SECONDS 3

typedef struct
{
  guint clear_id;
} Announcement;

static GQuark
announcement_quark (void)
{
  return g_quark_from_static_string ("sl-a11y-announcement");
}

static void
announcement_free (gpointer data)
{
  Announcement *announcement = data;

  g_clear_handle_id (&announcement->clear_id, g_source_remove);
  g_free (announcement);
}

/* Back to the widget's own description, or its tooltip, or none. */
static void
restore_description (GtkWidget *widget)
{
  const char *own = g_object_get_data (G_OBJECT (widget), "sl-a11y-description");
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (own == NULL)
    own = tooltip;
  if (own != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    own, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static gboolean
clear_announcement_cb (gpointer data)
{
  GtkWidget *widget = data;
  Announcement *announcement = g_object_get_qdata (G_OBJECT (widget), announcement_quark ());

  announcement->clear_id = 0;
  restore_description (widget);
  return G_SOURCE_REMOVE;
}

/* The widget a screen reader has in focus: GTK 4.8 reports the focus of
 * a widget it hides from them (role none, such as the text inside an
 * entry) on its parent.
 */
static GtkWidget *
focus_object (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL
      && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (focus)) == GTK_ACCESSIBLE_ROLE_NONE
      && gtk_widget_get_parent (focus) != NULL)
    return gtk_widget_get_parent (focus);
  return focus;
}

void
sl_a11y_announce (GtkWidget  *widget,
                  const char *message)
{
  GtkWidget *target;
  Announcement *announcement;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  if ((target = focus_object (widget)) == NULL)
    return;

  announcement = g_object_get_qdata (G_OBJECT (target), announcement_quark ());
  if (announcement == NULL)
    {
      announcement = g_new0 (Announcement, 1);
      g_object_set_qdata_full (G_OBJECT (target), announcement_quark (), announcement,
                               announcement_free);
    }
  g_clear_handle_id (&announcement->clear_id, g_source_remove);

  /* GTK sends nothing for a value equal to the current one, so the same
   * message twice in a row ("bib 101 checked in" after an undo) would be
   * said once: empty it first.
   */
  gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
  /* The qdata's free removes the source with the widget. */
  announcement->clear_id = g_timeout_add_seconds (ANNOUNCEMENT_SECONDS, clear_announcement_cb,
                                                  target);
}

void
sl_a11y_set_description (GtkWidget  *widget,
                         const char *description)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_object_set_data_full (G_OBJECT (widget), "sl-a11y-description", g_strdup (description),
                          g_free);
  restore_description (widget);
}

void
sl_a11y_set_error (GtkWidget  *widget,
                   const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  sl_a11y_set_description (widget, message);
}

/* A toast's title is Pango markup; a screen reader is given its text. */
static void
announce_toast (AdwToastOverlay *overlay,
                AdwToast        *toast)
{
  const char *title = adw_toast_get_title (toast);
  g_autofree char *text = NULL;

  if (title == NULL || !pango_parse_markup (title, -1, 0, NULL, &text, NULL, NULL))
    return;
  sl_a11y_announce (GTK_WIDGET (overlay), text);
}

void
sl_add_toast (AdwToastOverlay *overlay,
              AdwToast        *toast)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* The overlay builds the toast's widget at once when it is shown now
   * (high priority, or nothing else showing); a toast waiting in the queue
   * is named when the one before it is dismissed.
   */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), overlay,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  announce_toast (overlay, toast);
  adw_toast_overlay_add_toast (overlay, toast);
  name_close_buttons (GTK_WIDGET (overlay));
}

/* The text the drop-down shows for its selected item, or NULL. */
static char *
dup_drop_down_value (GtkDropDown *drop_down)
{
  gpointer item = gtk_drop_down_get_selected_item (drop_down);
  GtkExpression *expression = gtk_drop_down_get_expression (drop_down);
  g_auto(GValue) value = G_VALUE_INIT;

  if (item == NULL)
    return NULL;
  if (expression != NULL && gtk_expression_evaluate (expression, item, &value)
      && G_VALUE_HOLDS_STRING (&value))
    return g_value_dup_string (&value);
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));
  return NULL;
}

/* The inner button, which has the focus, is named with the choice it
 * shows: "Race filter: Mass", as a screen reader says a combo box.
 */
static void
drop_down_selected_cb (GtkDropDown *drop_down)
{
  const char *label = g_object_get_data (G_OBJECT (drop_down), "sl-a11y-drop-down-label");
  g_autofree char *value = dup_drop_down_value (drop_down);
  g_autofree char *name = NULL;

  if (value != NULL && *value != '\0')
    /* Translators: a drop-down's name and its current choice, e.g. "Race filter: Mass". */
    name = g_strdup_printf (_("%s: %s"), label, value);
  else
    name = g_strdup (label);

  /* GTK 4.8 exposes the drop-down's inner toggle button on its own. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
}

void
sl_a11y_name_drop_down (GtkDropDown *drop_down,
                        const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  g_object_set_data_full (G_OBJECT (drop_down), "sl-a11y-drop-down-label", g_strdup (label),
                          g_free);
  if (mark_once (drop_down, "sl-a11y-drop-down-watched"))
    {
      /* GTK 4.8 does not tell of the item going with its model. */
      g_signal_connect (drop_down, "notify::selected-item", G_CALLBACK (drop_down_selected_cb),
                        NULL);
      g_signal_connect (drop_down, "notify::model", G_CALLBACK (drop_down_selected_cb), NULL);
    }
  drop_down_selected_cb (drop_down);
}

void
sl_a11y_label_cell (GtkWidget  *cell_child,
                    const char *text)
{
  GtkWidget *cell;

  g_return_if_fail (GTK_IS_WIDGET (cell_child));

  /* The column view's cell widget is what a screen reader reads as the
   * table cell; GTK 4.8 gives it no text of its own.
   */
  cell = gtk_widget_get_parent (cell_child);
  if (cell != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text != NULL && *text != '\0' ? text : _("empty"), -1);
}

void
sl_a11y_name_search_entries (GtkWidget  *root,
                             const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SEARCH_ENTRY (root))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sl_a11y_name_search_entries (child, label);
}

void
sl_a11y_label_row (GtkWidget  *cell_child,
                   const char *text)
{
  GtkWidget *cell;
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WIDGET (cell_child));

  /* cell child → column view cell → row widget, which GTK 4.8 leaves
   * without a name ("GtkListItemWidget").
   */
  if ((cell = gtk_widget_get_parent (cell_child)) != NULL
      && (row = gtk_widget_get_parent (cell)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text, -1);
}
