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
    /* Letters GLib's transliteration leaves out. */
    { "Pınar Kılıç YILDIZ", "pinar kilic yildiz" },
    { "Đorđević Đurić", "dordevic duric" },
    { "Məmmədov Əliyev", "memmedov eliyev" },
    { "Þórunn Guðmundsdóttir", "thorunn gudmundsdottir" },
    { "Borġ Ħal-Tarxien", "borg hal tarxien" },
    { "Ŋuolja Ŧuomas", "nuolja tuomas" },
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

/* The fast path for Latin text gives exactly what the general one does:
 * every character of the table's range alone and between others, and
 * random mixes with combining accents, other scripts and separators.
 */
static void
test_fold_fast_matches_reference (void)
{
  static const gunichar others[] = {
    'a', 'Z', '7', ' ', '-', '\'', '`', '.', 0x2019, 0x02BC, 0x0301, 0x0308, 0x00B4, 0x03A9,
    0x5C71, 0x0130, 0x0131, 0x1E9E, 0x00DF, 0x00F8, 0x0142, 0x00E6, 0x0133, 0x01C4, 0x00AA,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  for (gunichar c = 0x80; c <= 0x250; c++)
    {
      char buf[8];
      const char *contexts[] = { "%s", "a%sb", "a %s", "%s b", "O%s'Brien-%s", "%s%s" };

      buf[g_unichar_to_utf8 (c, buf)] = '\0';
      for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
        {
          g_autofree char *text = g_strdup_printf (contexts[i], buf, buf);
          g_autofree char *fast = sl_fold (text);
          g_autofree char *reference = sl_fold_reference (text);

          g_assert_cmpstr (fast, ==, reference);
        }
    }

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *fast = NULL;
      g_autofree char *reference = NULL;
      guint len = g_rand_int_range (rand, 0, 12);

      for (guint j = 0; j < len; j++)
        {
          if (g_rand_boolean (rand))
            g_string_append_unichar (text, g_rand_int_range (rand, 0x80, 0x250));
          else
            g_string_append_unichar (text, others[g_rand_int_range (rand, 0,
                                                                    G_N_ELEMENTS (others))]);
        }
      fast = sl_fold (text->str);
      reference = sl_fold_reference (text->str);
      g_assert_cmpstr (fast, ==, reference);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fold/words", test_fold_words);
  g_test_add_func ("/fold/other-scripts", test_fold_keeps_other_scripts);
  g_test_add_func ("/fold/key", test_key_has_joined_and_split_forms);
  g_test_add_func ("/fold/fast-matches-reference", test_fold_fast_matches_reference);

  return g_test_run ();
}
