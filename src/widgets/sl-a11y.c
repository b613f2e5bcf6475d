/* sl-a11y.c — accessible names that the toolkit leaves out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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

/* TRUE if widget has a name of its own, given or through a label that
 * labels it. GTK 4.8 has no other way to read an accessible property than
 * its test functions, which work on any backend.
 */
static gboolean
has_name (GtkWidget *widget)
{
  GtkWidget *image = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;
  g_autofree char *other_label = NULL;

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;
  /* A button made with an icon is labelled by its image, which has no
   * name (NULL: labelled by the image alone).
   */
  if (!GTK_IS_IMAGE (image))
    return TRUE;
  other_label = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                    image, NULL);
  return other_label != NULL;
}

static void
set_name (GtkWidget  *widget,
          const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
}

/* An icon-only button, as the back buttons of the about window's
 * subpages and the shortcuts window's search button are: GTK 4.8 names it
 * after its class ("GtkButton", "GtkImage").
 */
static void
name_icon_button (GtkWidget *widget)
{
  static const struct
  {
    const char *icon;
    const char *name;
  } names[] = {
    { "go-previous-symbolic", N_("Back") },
    { "edit-find-symbolic", N_("Search") },
  };
  GtkWidget *child;
  const char *icon = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  if (GTK_IS_IMAGE (child) && gtk_image_get_storage_type (GTK_IMAGE (child)) == GTK_IMAGE_ICON_NAME)
    icon = gtk_image_get_icon_name (GTK_IMAGE (child));
  else if (child == NULL)
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  for (guint i = 0; icon != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_has_prefix (icon, names[i].icon))
      set_name (widget, _(names[i].name));
}

/* A button that shows a label of its own making (the about window's
 * version, a tree view's column header, a folder in the file chooser's
 * path) or only an icon and a tooltip (the file chooser's "Unmount"):
 * GTK 4.8 names it after its class. A menu button's or drop-down's own
 * button is named through them.
 */
static void
name_label_button (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkLabel *label;
  const char *tooltip;

  if (!GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent)
      || gtk_button_get_label (GTK_BUTTON (widget)) != NULL || has_name (widget))
    return;
  label = find_label (widget);
  tooltip = gtk_widget_get_tooltip_text (widget);
  if (label != NULL && *gtk_label_get_text (label) != '\0')
    set_name (widget, gtk_label_get_text (label));
  else if (tooltip != NULL && *tooltip != '\0')
    set_name (widget, tooltip);
}

/* TRUE if widget's parent is of the (private) GTK type type_name. */
static gboolean
parent_is (GtkWidget  *widget,
           const char *type_name)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return parent != NULL && g_strcmp0 (G_OBJECT_TYPE_NAME (parent), type_name) == 0;
}

/* The file chooser's path bar: its arrows scroll along the path, and its
 * first button, an icon alone, is the file system's root.
 */
static void
name_path_bar_button (GtkWidget *widget)
{
  const char *icon;

  if (!GTK_IS_BUTTON (widget) || !parent_is (widget, "GtkPathBar"))
    return;
  icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  if (g_strcmp0 (icon, "pan-start-symbolic") == 0)
    set_name (widget, _("Earlier folders"));
  else if (g_strcmp0 (icon, "pan-end-symbolic") == 0)
    set_name (widget, _("Later folders"));
  else if (GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget))) && !has_name (widget))
    set_name (widget, _("File System"));
}

/* A menu button is named by its tooltip, as the file chooser's Create
 * Folder; GTK 4.8 names it after its class and its button through it.
 */
static void
name_menu_button (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (!GTK_IS_MENU_BUTTON (widget) || has_name (widget)
      || gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL)
    return;
  if (tooltip != NULL && *tooltip != '\0')
    set_name (widget, tooltip);
  else if (gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    /* It shows the section in view, and opens the list of sections. */
    set_name (widget, _("Sections"));
  else if (gtk_widget_get_ancestor (widget, GTK_TYPE_FILE_CHOOSER_WIDGET) != NULL
           && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                         "pan-down-symbolic") == 0)
    /* Beside the server address in Other Locations. */
    set_name (widget, _("Recent servers"));
}

/* The title a list box row shows, without its mnemonic, or NULL. */
static char *
dup_row_title (GtkWidget *row)
{
  GtkLabel *label;

  if (ADW_IS_PREFERENCES_ROW (row)
      && *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) != '\0')
    {
      AdwPreferencesRow *preferences_row = ADW_PREFERENCES_ROW (row);

      if (adw_preferences_row_get_use_underline (preferences_row))
        return dup_without_mnemonic (adw_preferences_row_get_title (preferences_row));
      return g_strdup (adw_preferences_row_get_title (preferences_row));
    }
  label = find_label (row);
  if (label != NULL && *gtk_label_get_text (label) != '\0')
    return g_strdup (gtk_label_get_text (label));
  return NULL;
}

/* A row of a list box GTK made (the file chooser's places), by its title. */
static void
name_list_box_row (GtkWidget *widget)
{
  g_autofree char *title = NULL;

  if (!GTK_IS_LIST_BOX_ROW (widget) || has_name (widget))
    return;
  if ((title = dup_row_title (widget)) != NULL)
    set_name (widget, title);
}

/* TRUE if a list box has a name a screen reader can say. libadwaita 1.2
 * labels a preferences group's list by the group's title, also when the
 * group has none (the about window's groups): such a list is nameless.
 */
static gboolean
list_box_has_name (GtkWidget *list)
{
  GtkWidget *group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (list),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;
  return group == NULL
         || *adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)) != '\0';
}

/* A list box that neither the app nor a titled preferences group names,
 * as the about window's are: named by what its rows say ("Credits,
 * Legal"), which is what a screen reader user would look for in it.
 * An empty one in a preferences window is libadwaita 1.2's list for its
 * search's results.
 */
static void
name_list_box (GtkWidget *widget)
{
  g_autoptr(GString) name = NULL;

  if (!GTK_IS_LIST_BOX (widget) || list_box_has_name (widget))
    return;
  name = g_string_new (NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (widget);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *title = GTK_IS_LIST_BOX_ROW (row) ? dup_row_title (row) : NULL;

      if (title == NULL)
        continue;
      if (name->len > 0)
        /* Translators: joins the titles of a list's rows into its name. */
        g_string_append (name, _(", "));
      g_string_append (name, title);
    }
  if (name->len > 0)
    set_name (widget, name->str);
  else if (gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW) != NULL)
    set_name (widget, _("Search results"));
}

/* The title of the header bar over widget (the about window's subpages
 * have one each), or NULL.
 */
static const char *
heading_over (GtkWidget *widget)
{
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    for (GtkWidget *child = gtk_widget_get_first_child (up);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *title = NULL;

        if (ADW_IS_HEADER_BAR (child))
          title = adw_header_bar_get_title_widget (ADW_HEADER_BAR (child));
        else if (GTK_IS_HEADER_BAR (child))
          title = gtk_header_bar_get_title_widget (GTK_HEADER_BAR (child));

        if (GTK_IS_LABEL (title) && *gtk_label_get_text (GTK_LABEL (title)) != '\0')
          return gtk_label_get_text (GTK_LABEL (title));
        if (ADW_IS_WINDOW_TITLE (title)
            && *adw_window_title_get_title (ADW_WINDOW_TITLE (title)) != '\0')
          return adw_window_title_get_title (ADW_WINDOW_TITLE (title));
      }
  return NULL;
}

/* The about window's texts (release notes, debugging information). */
static void
name_text_view (GtkWidget *widget)
{
  const char *heading;

  if (GTK_IS_TEXT_VIEW (widget) && !has_name (widget) && (heading = heading_over (widget)) != NULL)
    set_name (widget, heading);
}

/* A stack switcher's buttons are named by their page titles as written,
 * mnemonic and all: the shortcuts window's pages are "_1", "_2". Each is
 * named by the text it shows, a number as "Page 2".
 */
static void
name_stack_switcher (GtkWidget *widget)
{
  if (!has_name (widget))
    set_name (widget, _("Pages"));
  for (GtkWidget *button = gtk_widget_get_first_child (widget);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      GtkLabel *label = find_label (button);
      const char *text = label != NULL ? gtk_label_get_text (label) : "";
      g_autofree char *name = NULL;

      if (*text == '\0')
        continue;
      if (g_ascii_isdigit (*text) && strspn (text, "0123456789") == strlen (text))
        /* Translators: a numbered page's tab, as the shortcuts window's. */
        name = g_strdup_printf (_("Page %s"), text);
      else
        name = g_strdup (text);
      set_name (button, name);
    }
}

/* A menu is named after its menu button (its tooltip or label): GTK 4.8
 * names it "GtkPopoverMenu".
 */
static void
name_menu (GtkWidget *widget)
{
  GtkWidget *button = gtk_widget_get_parent (widget);
  const char *tooltip;
  const char *label;

  if (!GTK_IS_POPOVER_MENU (widget) || !GTK_IS_MENU_BUTTON (button) || has_name (widget))
    return;
  tooltip = gtk_widget_get_tooltip_text (button);
  label = gtk_menu_button_get_label (GTK_MENU_BUTTON (button));
  if (tooltip != NULL && *tooltip != '\0')
    set_name (widget, tooltip);
  else if (label != NULL && *label != '\0')
    {
      g_autofree char *plain = dup_without_mnemonic (label);

      set_name (widget, plain);
    }
}

/* GTK 4.8 leaves a column view's column headers nameless, and the list
 * of its rows too (a "GtkColumnListView" to a screen reader).
 */
static void
name_column_view (GtkColumnView *view)
{
  const char *name = g_object_get_data (G_OBJECT (view), "sl-a11y-table-name");

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          if (name != NULL)
            set_name (child, name);
          continue;
        }
      /* The header row holds a title widget per column. */
      for (GtkWidget *title = gtk_widget_get_first_child (child);
           title != NULL;
           title = gtk_widget_get_next_sibling (title))
        {
          GtkLabel *label = find_label (title);

          if (label != NULL && *gtk_label_get_text (label) != '\0')
            set_name (title, gtk_label_get_text (label));
        }
    }
}

/* The name of the choices' list of a combo row or drop-down, or "". */
static char *
dup_choices_name (GtkWidget *widget)
{
  char *name = NULL;

  if (ADW_IS_COMBO_ROW (widget))
    name = dup_row_title (widget);
  else
    name = g_strdup (g_object_get_data (G_OBJECT (widget), "sl-a11y-drop-down-label"));
  return name != NULL ? name : g_strdup ("");
}

/* What can be put right in widget alone, whatever is around it. */
static void
fix_widget (GtkWidget *widget)
{
  fix_mnemonic (widget);
  name_icon_button (widget);
  name_label_button (widget);
  name_path_bar_button (widget);
  name_menu_button (widget);
  name_list_box_row (widget);
  name_list_box (widget);
  name_text_view (widget);
  name_menu (widget);
  if (GTK_IS_STACK_SWITCHER (widget))
    name_stack_switcher (widget);
  else if (ADW_IS_VIEW_SWITCHER (widget) && !has_name (widget))
    set_name (widget, _("Pages"));
  else if (GTK_IS_SEARCH_ENTRY (widget) && !has_name (widget))
    set_name (widget, _("Search"));
  else if (GTK_IS_DROP_DOWN (widget) && !has_name (widget)
           && gtk_widget_get_ancestor (widget, GTK_TYPE_FILE_CHOOSER_WIDGET) != NULL)
    /* The file chooser's filters, named by a tooltip alone. */
    sl_a11y_name_drop_down (GTK_DROP_DOWN (widget), _("File type"));
  else if (GTK_IS_COLUMN_VIEW (widget))
    name_column_view (GTK_COLUMN_VIEW (widget));
}

static void
fix_tree (GtkWidget  *widget,
          const char *choices)   /* the name of the choices' list we are in, or NULL */
{
  g_autofree char *own_choices = NULL;

  fix_widget (widget);
  if (ADW_IS_COMBO_ROW (widget))
    {
      AdwComboRow *row = ADW_COMBO_ROW (widget);

      watch_choices (adw_combo_row_get_list_factory (row) != NULL
                       ? adw_combo_row_get_list_factory (row)
                       : adw_combo_row_get_factory (row));
      choices = own_choices = dup_choices_name (widget);
    }
  else if (GTK_IS_DROP_DOWN (widget))
    {
      GtkDropDown *drop_down = GTK_DROP_DOWN (widget);

      watch_choices (gtk_drop_down_get_list_factory (drop_down) != NULL
                       ? gtk_drop_down_get_list_factory (drop_down)
                       : gtk_drop_down_get_factory (drop_down));
      choices = own_choices = dup_choices_name (widget);
    }
  /* The choices' list is named as the combo row or drop-down it is in:
   * GTK 4.8 calls it "GtkListView". A choices' list with no name of its
   * own still has its rows named.
   */
  if (choices != NULL && GTK_IS_LIST_VIEW (widget) && *choices != '\0' && !has_name (widget))
    set_name (widget, choices);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (choices != NULL && GTK_IS_LIST_VIEW (widget)
          && gtk_widget_get_first_child (child) != NULL)
        name_list_row (gtk_widget_get_first_child (child));
      fix_tree (child, choices);
    }
}

void
sl_a11y_fix_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_tree (root, NULL);
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

/* Widgets that GTK makes after their window is on screen (the file
 * chooser's places and the buttons of the path it shows, once it has read
 * them) are put right as each is mapped. GTK 4.8 has no signal for a
 * child added, so this hooks every widget's "map".
 */
static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (!GTK_IS_WIDGET (widget))
    return TRUE;
  /* The path bar maps only the folders that fit; the others are there to
   * a screen reader too.
   */
  if (parent_is (widget, "GtkPathBar"))
    fix_tree (gtk_widget_get_parent (widget), NULL);
  else
    fix_widget (widget);
  return TRUE;
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
  /* The signal is there once the class is. */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, widget_mapped_hook,
                              NULL, NULL);
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
sl_a11y_show_error_label (GtkLabel   *label,
                          const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (message != NULL);

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  sl_a11y_announce (GTK_WIDGET (label), message);
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

void
sl_add_error_toast (AdwToastOverlay *overlay,
                    const char      *what,
                    const GError    *error)
{
  g_autoptr(AdwToast) toast = NULL;

  g_return_if_fail (what != NULL && error != NULL);

  toast = adw_toast_new_format ("%s: %s", what, error->message);
  adw_toast_set_timeout (toast, 0);
  sl_add_toast (overlay, g_steal_pointer (&toast));
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
sl_a11y_name_table (GtkColumnView *view,
                    const char    *label)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  g_object_set_data_full (G_OBJECT (view), "sl-a11y-table-name", g_strdup (label), g_free);
  name_column_view (view);
}

void
sl_a11y_name_headings (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  /* The header row: neither the list view of the rows nor a scrollbar. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_LIST_VIEW (child) && !GTK_IS_SCROLLABLE (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Column headings"), -1);
}

static gboolean
name_first_list_box (GtkWidget  *widget,
                     const char *label)
{
  if (GTK_IS_LIST_BOX (widget))
    {
      set_name (widget, label);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (name_first_list_box (child, label))
      return TRUE;
  return FALSE;
}

void
sl_a11y_name_group (AdwPreferencesGroup *group,
                    const char          *label)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (label != NULL);

  /* The group's rows are in a list box of libadwaita's making. */
  name_first_list_box (GTK_WIDGET (group), label);
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
