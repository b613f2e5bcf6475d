/* test-export-needs.c — no support need reaches an export
 *
 * The demo event with its needs, exported with every column as xlsx and
 * as CSV: the bytes of the CSV and of every part of the workbook (its zip
 * entries inflated with GIO's raw deflate) hold no need's detail, no
 * agreed adjustment, no need type's label (but one that is an entry type's
 * too) and no consent's recipient, read back as an officer sees them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>

#include "sl-test-util.h"
#include "sl-demo.h"
#include "sl-export.h"
#include "sl-needs.h"

#define SEED 2026
#define N_ENTRANTS 3000

static guint32
read_u32 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static guint16
read_u16 (const guint8 *p)
{
  return (guint16)(p[0] | p[1] << 8);
}

/* A stored or deflated entry's bytes. */
static GBytes *
inflate_entry (const guint8 *data,
               gsize         size,
               guint16       method)
{
  g_autoptr(GZlibDecompressor) zlib = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  if (method == 0)
    return g_bytes_new (data, size);
  g_assert_cmpuint (method, ==, 8);
  zlib = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  raw = g_memory_input_stream_new_from_data (data, (gssize)size, NULL);
  in = g_converter_input_stream_new (raw, G_CONVERTER (zlib));
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Every entry of a zip file (an xlsx workbook), inflated, read from its
 * central directory.
 */
static GPtrArray *
unzip (const char *path)
{
  g_autofree guint8 *zip = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  gsize len = 0, eocd, cd;
  guint n;

  g_file_get_contents (path, (char **)&zip, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 22);
  for (eocd = len - 22; eocd > 0 && read_u32 (zip + eocd) != 0x06054b50; eocd--)
    ;
  g_assert_cmphex (read_u32 (zip + eocd), ==, 0x06054b50);
  n = read_u16 (zip + eocd + 10);
  cd = read_u32 (zip + eocd + 16);
  for (guint i = 0; i < n; i++)
    {
      guint16 method = read_u16 (zip + cd + 10);
      guint32 size = read_u32 (zip + cd + 20);
      guint32 local = read_u32 (zip + cd + 42);
      gsize data;

      g_assert_cmphex (read_u32 (zip + cd), ==, 0x02014b50);
      g_assert_cmphex (read_u32 (zip + local), ==, 0x04034b50);
      data = local + 30 + read_u16 (zip + local + 26) + read_u16 (zip + local + 28);
      g_assert_cmpuint (data + size, <=, len);
      g_ptr_array_add (entries, inflate_entry (zip + data, size, method));
      cd += 46 + read_u16 (zip + cd + 28) + read_u16 (zip + cd + 30) + read_u16 (zip + cd + 32);
    }
  g_assert_cmpuint (entries->len, >, 3);
  return entries;
}

static gboolean
bytes_hold (GBytes     *bytes,
            const char *text)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return memmem (data, size, text, strlen (text)) != NULL;
}

/* What no export may hold: each need's detail and adjustments as an
 * officer reads them, every need type's label and adjustments, and the
 * consent recipients but "Charity" (the charity column's own header).
 */
static GPtrArray *
dup_forbidden (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) needs = sl_db_list_needs (db, NULL, &error);
  g_autoptr(GPtrArray) types = sl_db_list_need_types (db, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  guint n_details = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (needs->len, >, 50);
  for (guint i = 0; i < needs->len; i++)
    {
      SlNeed *need = g_ptr_array_index (needs, i);
      char *detail = NULL;
      char *adjustments = NULL;

      g_assert_true (sl_db_read_need_details (db, need->id, &detail, &adjustments, &error));
      g_assert_no_error (error);
      for (guint k = 0; k < 2; k++)
        {
          const char *text = k == 0 ? detail : adjustments;

          if (text != NULL && *text != '\0' && !g_hash_table_contains (seen, text))
            {
              char *copy = g_strdup (text);

              g_ptr_array_add (texts, copy);
              g_hash_table_add (seen, copy);
              n_details += k == 0;
            }
        }
      sl_secret_str_free (detail);
      sl_secret_str_free (adjustments);
    }
  g_assert_cmpuint (n_details, >, 20);
  for (guint i = 0; i < types->len; i++)
    {
      SlNeedType *type = g_ptr_array_index (types, i);
      gboolean entry_type = FALSE;

      /* "Support runner" is an entry type too (London's support-runner
       * places), a public column's value, not a need.
       */
      for (SlEntryType e = 0; e < SL_N_ENTRY_TYPES; e++)
        entry_type |= g_str_equal (type->label, sl_entry_type_to_label (e));
      if (!entry_type)
        g_ptr_array_add (texts, g_strdup (type->label));
      for (guint k = 0; type->adjustments != NULL && type->adjustments[k] != NULL; k++)
        g_ptr_array_add (texts, g_strdup (type->adjustments[k]));
    }
  for (SlConsentRecipient r = 0; r < SL_N_CONSENT_RECIPIENTS; r++)
    if (r != SL_CONSENT_CHARITY)
      g_ptr_array_add (texts, g_strdup (sl_consent_recipient_to_label (r)));
  return texts;
}

static void
test_exports_hold_no_need (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *xlsx = g_build_filename (dir, "all.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "all.csv", NULL);
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree SlExportColumn *columns = NULL;
  g_autofree char *path = g_build_filename (dir, "demo.startline", NULL);
  g_autoptr(SlDb) db = sl_db_create (path, "Demo Marathon", "2026-04-26", NULL);
  g_autoptr(GPtrArray) forbidden = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GBytes) csv_bytes = NULL;
  g_autofree char *csv_text = NULL;
  SlExportOptions options = { 0 };
  guint n_columns = 0;
  gsize csv_len = 0;

  g_assert_nonnull (db);
  g_assert_true (sl_db_add_demo_officer (db, SEED, &officer, &passphrase, &error));
  g_assert_true (sl_db_generate_demo (db, N_ENTRANTS, SEED, NULL, NULL, NULL, &error));
  g_assert_true (sl_db_sign_in (db, officer, passphrase, &error));
  g_assert_no_error (error);
  forbidden = dup_forbidden (db);

  /* Every column, the notes and emergency contact among them. */
  /* Every column but the markers (whose words are those of need types:
   * "Deaf / hard of hearing") and the need columns, which go out only
   * through the profiles that allow them (test-export-profiles.c).
   */
  sl_export_get_columns (&n_columns);
  columns = g_new (SlExportColumn, n_columns);
  n_columns = 0;
  for (guint i = 0; i < SL_N_EXPORT_COLUMNS; i++)
    if (i != SL_EXPORT_COLUMN_MARKERS && i != SL_EXPORT_COLUMN_NEED_TYPES
        && i != SL_EXPORT_COLUMN_NEED_DETAILS)
      columns[n_columns++] = (SlExportColumn)i;
  options.columns = columns;
  options.n_columns = n_columns;
  options.format = SL_EXPORT_FORMAT_XLSX;
  g_assert_true (sl_db_export (db, xlsx, &options, NULL, NULL, NULL, &error));
  options.format = SL_EXPORT_FORMAT_CSV;
  g_assert_true (sl_db_export (db, csv, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_file_get_contents (csv, &csv_text, &csv_len, &error);
  g_assert_no_error (error);
  csv_bytes = g_bytes_new (csv_text, csv_len);
  /* The files were read whole (so a text not found means something): the
   * header is in the CSV and in the workbook's strings.
   */
  g_assert_true (bytes_hold (csv_bytes, "Emergency contact"));
  parts = unzip (xlsx);
  {
    gboolean header_found = FALSE;

    for (guint p = 0; p < parts->len; p++)
      header_found |= bytes_hold (parts->pdata[p], "Emergency contact");
    g_assert_true (header_found);
  }
  g_ptr_array_add (parts, g_bytes_ref (csv_bytes));
  for (guint i = 0; i < forbidden->len; i++)
    for (guint p = 0; p < parts->len; p++)
      if (bytes_hold (parts->pdata[p], forbidden->pdata[i]))
        g_error ("%s (part %u of the export) holds “%s”", p + 1 == parts->len ? "the CSV"
                 : "the xlsx", p, (const char *)forbidden->pdata[i]);
  sl_db_sign_out (db);
  g_clear_object (&db);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export-needs/exports-hold-no-need", test_exports_hold_no_need);
  return g_test_run ();
}
