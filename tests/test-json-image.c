/* test-json-image.c — the audit images' JSON writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "sl-json-image.h"

static const char * const texts[] = {
  "plain", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r\b\f", "bell\x01\x1f end",
  "del\x7f", "Zoë “quotes” 山田", "\xe2\x80\xa8 line separator", "/slash/", "", "\"\\",
};

static const gint64 numbers[] = {
  0, 7, -1, 120, 9000000000, G_MAXINT64, G_MININT64,
};

static char *
sqlite_image (sqlite3    *handle,
              const char *text,
              gint64      number)
{
  sqlite3_stmt *stmt = NULL;
  char *image;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT json_object ('text', ?1, 'number', ?2,"
                                               " 'none', NULL, 'also', ?1)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, number);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  image = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return image;
}

/* Byte for byte what SQLite's json_object () writes of the same values:
 * the images its queries wrote before and the ones written now compare
 * equal.
 */
static void
test_as_sqlite_writes (void)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &handle), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (numbers); j++)
      {
        g_autofree char *expected = sqlite_image (handle, texts[i], numbers[j]);
        SlJsonImage image;
        g_autofree char *json = NULL;

        sl_json_image_begin (&image, NULL);
        sl_json_image_add_string (&image, "text", texts[i]);
        sl_json_image_add_int (&image, "number", numbers[j]);
        sl_json_image_add_string (&image, "none", NULL);
        sl_json_image_add_string (&image, "also", texts[i]);
        json = sl_json_image_end_to_string (&image);
        g_assert_cmpstr (json, ==, expected);
      }
  sqlite3_close (handle);
}

/* Unset and empty strings are left out by _if_set; the commas stay right
 * whichever members are left out, first or last.
 */
static void
test_if_set (void)
{
  SlJsonImage image;
  g_autofree char *json = NULL;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string_if_set (&image, "a", NULL);
  sl_json_image_add_string_if_set (&image, "b", "");
  sl_json_image_add_string_if_set (&image, "c", "C");
  sl_json_image_add_string_if_set (&image, "d", NULL);
  sl_json_image_add_string_if_set (&image, "e", "E");
  sl_json_image_add_string_if_set (&image, "f", "");
  json = sl_json_image_end_to_string (&image);
  g_assert_cmpstr (json, ==, "{\"c\":\"C\",\"e\":\"E\"}");

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string_if_set (&image, "a", NULL);
  g_clear_pointer (&json, g_free);
  json = sl_json_image_end_to_string (&image);
  g_assert_cmpstr (json, ==, "{}");
}

/* Booleans, null and an array, as an export's summary has them. */
static void
test_array_and_boolean (void)
{
  SlJsonImage image;
  g_autofree char *json = NULL;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_boolean (&image, "yes", TRUE);
  sl_json_image_begin_array (&image, "empty");
  sl_json_image_end_array (&image);
  sl_json_image_add_null (&image, "charity");
  sl_json_image_begin_array (&image, "columns");
  sl_json_image_add_string (&image, NULL, "bib");
  sl_json_image_add_string (&image, NULL, "first_name");
  sl_json_image_add_int (&image, NULL, 3);
  sl_json_image_end_array (&image);
  sl_json_image_add_boolean (&image, "no", FALSE);
  json = sl_json_image_end_to_string (&image);
  g_assert_cmpstr (json, ==, "{\"yes\":true,\"empty\":[],\"charity\":null,"
                             "\"columns\":[\"bib\",\"first_name\",3],\"no\":false}");
}

/* The import's and export's summaries were written by json-glib before:
 * the same text for the same values, but where json-glib is wrong
 * (U+001F left bare, which JSON forbids) or differs from SQLite (U+007F
 * escaped), which file names hardly hold.
 */
static void
test_as_json_glib_writes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *json = NULL;
      SlJsonImage image;

      if (strchr (texts[i], 0x1f) != NULL || strchr (texts[i], 0x7f) != NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, texts[i]);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, -42);
      json_builder_set_member_name (builder, "good_rows_only");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "charity");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, texts[i]);
      json_builder_add_string_value (builder, "bib");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      expected = json_to_string (root, FALSE);

      sl_json_image_begin (&image, NULL);
      sl_json_image_add_string (&image, "file", texts[i]);
      sl_json_image_add_int (&image, "rows", -42);
      sl_json_image_add_boolean (&image, "good_rows_only", TRUE);
      sl_json_image_add_string (&image, "charity", NULL);
      sl_json_image_begin_array (&image, "columns");
      sl_json_image_add_string (&image, NULL, texts[i]);
      sl_json_image_add_string (&image, NULL, "bib");
      sl_json_image_end_array (&image);
      json = sl_json_image_end_to_string (&image);
      g_assert_cmpstr (json, ==, expected);
    }
}

/* The demo's seed is unsigned, all 64 bits of it, as printf wrote it. */
static void
test_unsigned (void)
{
  SlJsonImage image;
  g_autofree char *json = NULL;
  g_autofree char *expected = g_strdup_printf ("{\"seed\":%" G_GUINT64_FORMAT ",\"n\":0}",
                                               G_MAXUINT64);

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_uint (&image, "seed", G_MAXUINT64);
  sl_json_image_add_uint (&image, "n", 0);
  json = sl_json_image_end_to_string (&image);
  g_assert_cmpstr (json, ==, expected);
}

/* Into a string of the caller's, after what it already holds, as a bulk
 * insert reuses one buffer for every row.
 */
static void
test_into_callers_string (void)
{
  g_autoptr(GString) out = g_string_new ("x");
  SlJsonImage image;

  sl_json_image_begin (&image, out);
  sl_json_image_add_int (&image, "id", 1);
  sl_json_image_end (&image);
  g_assert_cmpstr (out->str, ==, "x{\"id\":1}");

  g_string_truncate (out, 0);
  sl_json_image_begin (&image, out);
  sl_json_image_add_string (&image, "bib", "2");
  sl_json_image_end (&image);
  g_assert_cmpstr (out->str, ==, "{\"bib\":\"2\"}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-image/as-sqlite-writes", test_as_sqlite_writes);
  g_test_add_func ("/json-image/if-set", test_if_set);
  g_test_add_func ("/json-image/array-and-boolean", test_array_and_boolean);
  g_test_add_func ("/json-image/as-json-glib-writes", test_as_json_glib_writes);
  g_test_add_func ("/json-image/unsigned", test_unsigned);
  g_test_add_func ("/json-image/into-callers-string", test_into_callers_string);

  return g_test_run ();
}
