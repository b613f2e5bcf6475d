/* test-a11y.c — names that GTK 4.8 and libadwaita 1.2 get wrong, put right
 *
 * In process, on GTK's "test" accessibility backend: the accessible
 * properties a screen reader's name comes from are checked directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sl-a11y.h"
#include "sl-test-ui.h"

static void
settle (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* GTK 4.8 names it "_Undo" as written plus "Undo" from the label inside. */
static void
test_mnemonic_button (void)
{
  GtkWidget *undo = g_object_ref_sink (gtk_button_new_with_mnemonic ("_Undo"));
  GtkWidget *plain = g_object_ref_sink (gtk_button_new_with_label ("Plain"));
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));

  gtk_box_append (GTK_BOX (box), undo);
  gtk_box_append (GTK_BOX (box), plain);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (undo),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));

  sl_a11y_fix_tree (box);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (undo),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  /* A label without a mnemonic names its button once: left as it is. */
  gtk_test_accessible_assert_property (plain, GTK_ACCESSIBLE_PROPERTY_LABEL, "Plain");

  /* And again after the label changes. */
  gtk_button_set_label (GTK_BUTTON (undo), "_Redo");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (undo),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  /* And when it is set again to the same text. */
  gtk_button_set_label (GTK_BUTTON (undo), "_Redo");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (undo),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_button_set_use_underline (GTK_BUTTON (undo), FALSE);
  gtk_button_set_label (GTK_BUTTON (undo), "Redo all");
  gtk_test_accessible_assert_property (undo, GTK_ACCESSIBLE_PROPERTY_LABEL, "Redo all");

  g_object_unref (box);
  g_object_unref (plain);
  g_object_unref (undo);
}

static void
test_mnemonic_check_button (void)
{
  GtkWidget *check = g_object_ref_sink (gtk_check_button_new_with_mnemonic ("_Remember"));

  gtk_test_accessible_assert_property (check, GTK_ACCESSIBLE_PROPERTY_LABEL, "_Remember");
  sl_a11y_fix_tree (check);
  gtk_test_accessible_assert_property (check, GTK_ACCESSIBLE_PROPERTY_LABEL, "Remember");

  /* A doubled underscore is a real one. */
  gtk_check_button_set_label (GTK_CHECK_BUTTON (check), "Fish __and _Chips");
  gtk_test_accessible_assert_property (check, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Fish _and Chips");
  g_object_unref (check);
}

static const char *
label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = label_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The rows of the list views under widget that show a choice. */
static void
collect_list_rows (GtkWidget *widget,
                   GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text;

      if (GTK_IS_LIST_VIEW (widget) && (text = label_text (child)) != NULL && *text != '\0')
        g_ptr_array_add (rows, child);
      collect_list_rows (child, rows);
    }
}

static gboolean
is_popover_cb (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_POPOVER (widget);
}

static GtkPopover *
find_popover (GtkWidget *widget)
{
  return (GtkPopover *)sl_test_find_widget (widget, is_popover_cb, NULL);
}

/* GTK 4.8 leaves each choice in a combo row's list without a name. */
static void
test_combo_row_choices (void)
{
  const char *choices[] = { "Day/month/year", "Month/day/year", "Year/month/day", NULL };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (choices);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Dates are");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  settle ();

  sl_a11y_fix_tree (window);
  /* Opening the list makes (or binds) its rows. */
  g_signal_emit_by_name (row, "activate");
  settle ();

  /* Every choice is shown, each row named by what it shows (the list
   * view may keep a second row for the selected choice).
   */
  collect_list_rows (row, rows);
  g_assert_cmpuint (rows->len, >, 0);
  /* The list itself is named as the row ("GtkListView" in GTK 4.8). */
  gtk_test_accessible_assert_property (gtk_widget_get_parent (rows->pdata[0]),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Dates are");
  for (guint i = 0; i < rows->len; i++)
    {
      const char *text = label_text (rows->pdata[i]);

      g_assert_true (g_strv_contains (choices, text));
      gtk_test_accessible_assert_property (rows->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL, text);
    }
  for (guint c = 0; choices[c] != NULL; c++)
    {
      gboolean shown = FALSE;

      for (guint i = 0; i < rows->len; i++)
        shown = shown || g_strcmp0 (label_text (rows->pdata[i]), choices[c]) == 0;
      g_assert_true (shown);
    }

  /* Closed before its window goes: GTK 4.8 may otherwise still ask the
   * pointer's position over the popover's destroyed surface.
   */
  gtk_popover_popdown (find_popover (row));
  settle ();
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

/* GTK 4.8 calls a column view's list of rows "GtkColumnListView" and
 * leaves its column headers nameless.
 */
static void
test_table (void)
{
  const char *titles[] = { "Bib", "Last name", NULL };
  const char *bibs[] = { "101", "102", NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (bibs);
  GtkWidget *window = gtk_window_new ();
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_column_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (model))))));
  GtkWidget *list = NULL;
  guint n_titles = 0;

  for (guint i = 0; titles[i] != NULL; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_append_column (view, column);
    }
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  settle ();

  sl_a11y_name_table (view, "Entrants");
  sl_a11y_fix_tree (window);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Entrants");
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          list = child;
          continue;
        }
      /* The header row: a title widget per column, named by its title. */
      for (GtkWidget *title = gtk_widget_get_first_child (child);
           title != NULL;
           title = gtk_widget_get_next_sibling (title))
        {
          g_assert_cmpstr (label_text (title), ==, titles[n_titles]);
          gtk_test_accessible_assert_property (title, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                               titles[n_titles]);
          n_titles++;
        }
    }
  g_assert_cmpuint (n_titles, ==, g_strv_length ((char **) titles));
  g_assert_nonnull (list);
  gtk_test_accessible_assert_property (list, GTK_ACCESSIBLE_PROPERTY_LABEL, "Entrants");

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* Lists, tab strips and menus that GTK 4.8 and libadwaita 1.2 name after
 * their class ("GtkListBox", "GtkPopoverMenu") or as written ("_2").
 */
static void
test_lists_tabs_menus (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *named_list = gtk_list_box_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *website = adw_action_row_new ();
  GtkWidget *group_list;
  GtkWidget *credits = adw_action_row_new ();
  GtkWidget *legal = adw_action_row_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *switcher = gtk_stack_switcher_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  const char *tabs[] = { "Page 1", "Page 2", NULL };
  guint n_tabs = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (credits), "_Credits");
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (credits), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (legal), "Legal");
  gtk_list_box_append (GTK_LIST_BOX (list), credits);
  gtk_list_box_append (GTK_LIST_BOX (list), legal);
  gtk_accessible_update_property (GTK_ACCESSIBLE (named_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Search results", -1);
  gtk_list_box_append (GTK_LIST_BOX (named_list), gtk_label_new ("Ann Lee"));

  /* libadwaita 1.2 labels a group's list by the group's title, even an
   * empty one (the about window's groups).
   */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (website), "Website");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), website);
  group_list = gtk_widget_get_ancestor (website, GTK_TYPE_LIST_BOX);

  /* As GtkShortcutsSection titles its pages. */
  gtk_stack_page_set_use_underline (gtk_stack_add_titled (GTK_STACK (stack), gtk_label_new ("One"),
                                                          "1", "_1"), TRUE);
  gtk_stack_page_set_use_underline (gtk_stack_add_titled (GTK_STACK (stack), gtk_label_new ("Two"),
                                                          "2", "_2"), TRUE);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), GTK_STACK (stack));

  g_menu_append (menu, "Preferences", "app.preferences");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (menu_button, "Main Menu");

  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), named_list);
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), menu_button);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  settle ();

  sl_a11y_fix_tree (window);
  gtk_test_accessible_assert_property (list, GTK_ACCESSIBLE_PROPERTY_LABEL, "Credits, Legal");
  /* A name the app gave is kept. */
  gtk_test_accessible_assert_property (named_list, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Search results");
  gtk_test_accessible_assert_property (group_list, GTK_ACCESSIBLE_PROPERTY_LABEL, "Website");
  gtk_test_accessible_assert_property (switcher, GTK_ACCESSIBLE_PROPERTY_LABEL, "Pages");
  for (GtkWidget *tab = gtk_widget_get_first_child (switcher);
       tab != NULL;
       tab = gtk_widget_get_next_sibling (tab))
    {
      g_assert_nonnull (tabs[n_tabs]);
      gtk_test_accessible_assert_property (tab, GTK_ACCESSIBLE_PROPERTY_LABEL, tabs[n_tabs]);
      n_tabs++;
    }
  g_assert_cmpuint (n_tabs, ==, 2);
  gtk_test_accessible_assert_property (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* A widget made after its window is on screen, as the file chooser makes
 * its places and the buttons of the path it shows, is named as it is
 * mapped: a list row and a button by the text they show, an icon-only
 * button by its tooltip. GTK 4.8 names them after their class or not at all.
 */
static void
test_mapped_later (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *row_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *folder = gtk_toggle_button_new ();
  GtkWidget *folder_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *unmount = gtk_button_new_from_icon_name ("media-eject-symbolic");

  sl_a11y_watch_windows ();
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  settle ();

  gtk_box_append (GTK_BOX (row_box), gtk_image_new_from_icon_name ("user-home-symbolic"));
  gtk_box_append (GTK_BOX (row_box), gtk_label_new ("Home"));
  gtk_widget_set_tooltip_text (unmount, "Unmount");
  gtk_box_append (GTK_BOX (row_box), unmount);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), row_box);
  gtk_box_append (GTK_BOX (folder_box), gtk_image_new_from_icon_name ("folder-symbolic"));
  gtk_box_append (GTK_BOX (folder_box), gtk_label_new ("src"));
  gtk_button_set_child (GTK_BUTTON (folder), folder_box);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_list_box_append (GTK_LIST_BOX (list), folder);
  settle ();

  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Home");
  gtk_test_accessible_assert_property (folder, GTK_ACCESSIBLE_PROPERTY_LABEL, "src");
  gtk_test_accessible_assert_property (unmount, GTK_ACCESSIBLE_PROPERTY_LABEL, "Unmount");

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* A window gets its names put right when it is mapped, whoever made it. */
static void
test_watch_windows (void)
{
  GtkWidget *window;
  GtkWidget *button;

  sl_a11y_watch_windows ();
  window = gtk_window_new ();
  button = gtk_button_new_with_mnemonic ("_Close");
  gtk_window_set_child (GTK_WINDOW (window), button);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The about window's subpages go back with an icon-only button; the
 * shortcuts window's search is one too.
 */
static void
test_back_buttons (void)
{
  GtkWidget *back = g_object_ref_sink (gtk_button_new_from_icon_name ("go-previous-symbolic"));
  GtkWidget *image_back = g_object_ref_sink (gtk_button_new ());
  GtkWidget *search = g_object_ref_sink (gtk_toggle_button_new ());
  GtkWidget *other = g_object_ref_sink (gtk_button_new_from_icon_name ("list-add-symbolic"));
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));

  gtk_button_set_child (GTK_BUTTON (image_back),
                        gtk_image_new_from_icon_name ("go-previous-symbolic-rtl"));
  gtk_box_append (GTK_BOX (box), back);
  gtk_box_append (GTK_BOX (box), image_back);
  gtk_button_set_child (GTK_BUTTON (search), gtk_image_new_from_icon_name ("edit-find-symbolic"));
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), other);

  sl_a11y_fix_tree (box);
  gtk_test_accessible_assert_property (back, GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");
  gtk_test_accessible_assert_property (image_back, GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");
  gtk_test_accessible_assert_property (search, GTK_ACCESSIBLE_PROPERTY_LABEL, "Search");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (other),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  g_object_unref (box);
  g_object_unref (other);
  g_object_unref (search);
  g_object_unref (image_back);
  g_object_unref (back);
}

static GtkWidget *
drop_down_button (GtkWidget *drop_down)
{
  for (GtkWidget *child = gtk_widget_get_first_child (drop_down); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      return child;
  g_assert_not_reached ();
}

/* The button inside a drop-down has the focus: its name says the current
 * choice as well, from a string list or through the drop-down's
 * expression, and follows it.
 */
static void
test_drop_down_value (void)
{
  const char *races[] = { "All races", "Mass", NULL };
  g_autoptr(GtkStringList) names = gtk_string_list_new (races);
  GtkWidget *plain = g_object_ref_sink (gtk_drop_down_new (NULL, NULL));
  GtkWidget *by_expression = g_object_ref_sink (gtk_drop_down_new (NULL, NULL));
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GtkStringObject) mass = g_list_model_get_item (G_LIST_MODEL (names), 1);

  gtk_drop_down_set_model (GTK_DROP_DOWN (plain), G_LIST_MODEL (names));
  sl_a11y_name_drop_down (GTK_DROP_DOWN (plain), "Race filter");
  gtk_test_accessible_assert_property (plain, GTK_ACCESSIBLE_PROPERTY_LABEL, "Race filter");
  gtk_test_accessible_assert_property (drop_down_button (plain), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Race filter: All races");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (plain), 1);
  gtk_test_accessible_assert_property (drop_down_button (plain), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Race filter: Mass");

  /* A new model, as the entrants page fills its filters again. */
  gtk_drop_down_set_model (GTK_DROP_DOWN (plain), NULL);
  gtk_test_accessible_assert_property (drop_down_button (plain), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Race filter");

  g_list_store_append (store, mass);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (by_expression),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_model (GTK_DROP_DOWN (by_expression), G_LIST_MODEL (store));
  sl_a11y_name_drop_down (GTK_DROP_DOWN (by_expression), "Charity");
  gtk_test_accessible_assert_property (drop_down_button (by_expression),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Charity: Mass");

  g_object_unref (by_expression);
  g_object_unref (plain);
}

static gboolean
description_is (GtkWidget  *widget,
                const char *expected)   /* NULL: none */
{
  g_autofree char *differs = NULL;

  if (expected == NULL)
    return !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
  return differs == NULL;
}

/* An announcement goes to the widget with the focus in the window of the
 * widget given, and a few seconds later that widget has back what it had:
 * its tooltip, or no description.
 */
static void
test_announce (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *plain = gtk_button_new_with_label ("Plain");
  GtkWidget *tipped = gtk_button_new_with_label ("Tipped");
  GtkWidget *label = gtk_label_new ("Status");
  gint64 deadline;

  gtk_widget_set_tooltip_text (tipped, "Does a thing");
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), tipped);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  gtk_widget_grab_focus (plain);
  sl_a11y_announce (label, "First");
  g_assert_true (description_is (plain, "First"));
  g_assert_true (description_is (label, NULL));

  gtk_widget_grab_focus (tipped);
  sl_a11y_announce (label, "Second");
  g_assert_true (description_is (tipped, "Second"));
  g_assert_true (description_is (plain, "First"));

  deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (!(description_is (plain, NULL) && description_is (tipped, "Does a thing"))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (description_is (plain, NULL));
  g_assert_true (description_is (tipped, "Does a thing"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A wrong value is told as the description, and the widget is never
 * marked invalid (Orca 43 would take it for a dead object); taking the
 * error back gives the widget its tooltip again.
 */
static void
test_error (void)
{
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());

  gtk_widget_set_tooltip_text (entry, "Four digits");
  sl_a11y_set_error (entry, "Bib 12 already belongs to Ann Lee");
  g_assert_true (description_is (entry, "Bib 12 already belongs to Ann Lee"));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (entry),
                                                 GTK_ACCESSIBLE_STATE_INVALID));
  sl_a11y_set_error (entry, NULL);
  g_assert_true (description_is (entry, "Four digits"));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (entry),
                                                 GTK_ACCESSIBLE_STATE_INVALID));
  g_object_unref (entry);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/a11y/mnemonic-button", test_mnemonic_button);
  g_test_add_func ("/a11y/mnemonic-check-button", test_mnemonic_check_button);
  g_test_add_func ("/a11y/combo-row-choices", test_combo_row_choices);
  g_test_add_func ("/a11y/table", test_table);
  g_test_add_func ("/a11y/lists-tabs-menus", test_lists_tabs_menus);
  g_test_add_func ("/a11y/watch-windows", test_watch_windows);
  g_test_add_func ("/a11y/mapped-later", test_mapped_later);
  g_test_add_func ("/a11y/back-buttons", test_back_buttons);
  g_test_add_func ("/a11y/announce", test_announce);
  g_test_add_func ("/a11y/drop-down-value", test_drop_down_value);
  g_test_add_func ("/a11y/error", test_error);

  return g_test_run ();
}
