/* test-fold.c — folding for accent- and case-insensitive search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-fold.h"

static void
test_fold_words (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Fernández", "fernandez" },
    { "JOSÉ", "jose" },
    { "O'Brien", "obrien" },
    { "O’Brien", "obrien" },
    { "Zoë Müller-Lüdenscheidt", "zoe muller ludenscheidt" },
    { "Łukasz Żółć", "lukasz zolc" },
    { "Søren Ødegaard", "soren odegaard" },
    { "Straße", "strasse" },
    { "  Ann   Lee  ", "ann lee" },
    { "E1 4XQ", "e1 4xq" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = sl_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_fold_keeps_other_scripts (void)
{
  g_autofree char *folded = sl_fold ("Ωμέγα 山田");

  /* No Latin form: kept, lower-cased, still searchable by prefix. */
  g_assert_true (g_str_has_prefix (folded, "ω"));
  g_assert_nonnull (g_strstr_len (folded, -1, "山田"));
}

static void
test_key_has_joined_and_split_forms (void)
{
  g_autoptr(GString) key = g_string_new (NULL);

  sl_fold_append_key (key, "Siobhán");
  sl_fold_append_key (key, "O'Brien-Smith");
  sl_fold_append_key (key, "O'Brien-Smith");

  g_assert_cmpstr (key->str, ==, "siobhan obriensmith obrien smith");

  g_string_truncate (key, 0);
  sl_fold_append_key (key, "D'Arcy");
  g_assert_cmpstr (key->str, ==, "darcy d arcy");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fold/words", test_fold_words);
  g_test_add_func ("/fold/other-scripts", test_fold_keeps_other_scripts);
  g_test_add_func ("/fold/key", test_key_has_joined_and_split_forms);

  return g_test_run ();
}
