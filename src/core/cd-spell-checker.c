/* cd-spell-checker.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-checker"

#include "config.h"

#include <enchant.h>

#include "cd-spell-checker.h"

struct _CdSpellChecker
{
  GObject        parent_instance;

  EnchantBroker *broker;
  EnchantDict   *dict;
  char          *language;
  /* word -> GINT_TO_POINTER (1 + correct): a text repeats its words, and
   * a dictionary lookup costs far more than a hash lookup. */
  GHashTable    *cache;
};

G_DEFINE_FINAL_TYPE (CdSpellChecker, cd_spell_checker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define FALLBACK_LANGUAGE "en_US"
/* Enough for the vocabulary of any story; emptied when reached. */
#define MAX_CACHED_WORDS 50000

static void
collect_dict_cb (const char * const lang_tag,
                 const char * const provider_name,
                 const char * const provider_desc,
                 const char * const provider_file,
                 void              *user_data)
{
  GPtrArray *languages = user_data;

  for (guint i = 0; i < languages->len; i++)
    if (g_str_equal (g_ptr_array_index (languages, i), lang_tag))
      return;

  g_ptr_array_add (languages, g_strdup (lang_tag));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "de_DE.UTF-8@euro" -> "de_DE"; NULL for the C and POSIX locales. */
static char *
locale_to_language (const char *locale)
{
  g_autofree char *copy = g_strdup (locale);
  char *cut;

  if ((cut = strpbrk (copy, ".@")) != NULL)
    *cut = '\0';
  if (copy[0] == '\0' || g_str_equal (copy, "C") || g_str_equal (copy, "POSIX"))
    return NULL;

  return g_steal_pointer (&copy);
}

static gboolean
ensure_dict (CdSpellChecker *self)
{
  g_assert (CD_IS_SPELL_CHECKER (self));

  if (self->dict != NULL)
    return TRUE;

  if (self->broker == NULL)
    self->broker = enchant_broker_init ();
  if (self->broker == NULL)
    return FALSE;

  self->dict = enchant_broker_request_dict (self->broker, self->language);
  if (self->dict == NULL)
    g_debug ("No dictionary for %s: %s", self->language,
             enchant_broker_get_error (self->broker));

  return self->dict != NULL;
}

static void
cd_spell_checker_finalize (GObject *object)
{
  CdSpellChecker *self = CD_SPELL_CHECKER (object);

  if (self->dict != NULL)
    enchant_broker_free_dict (self->broker, self->dict);
  if (self->broker != NULL)
    enchant_broker_free (self->broker);
  g_free (self->language);
  g_hash_table_unref (self->cache);

  G_OBJECT_CLASS (cd_spell_checker_parent_class)->finalize (object);
}

static void
cd_spell_checker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdSpellChecker *self = CD_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, cd_spell_checker_get_language (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_checker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CdSpellChecker *self = CD_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      cd_spell_checker_set_language (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_checker_class_init (CdSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_spell_checker_finalize;
  object_class->get_property = cd_spell_checker_get_property;
  object_class->set_property = cd_spell_checker_set_property;

  /**
   * CdSpellChecker:language:
   *
   * The dictionary's language tag, such as "en_US". Setting "" or %NULL
   * picks the locale's language (see cd_spell_checker_get_default_language()).
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdSpellChecker::changed:
   *
   * Emitted when the set of correct words changed (a new language, or a word
   * added to the personal dictionary or ignored), so that text checked
   * before must be checked again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cd_spell_checker_init (CdSpellChecker *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * cd_spell_checker_new:
 * @language: (nullable): a language tag such as "en_US", or %NULL or "" for
 *   the locale's language
 *
 * Returns: (transfer full): a new spell checker
 */
CdSpellChecker *
cd_spell_checker_new (const char *language)
{
  CdSpellChecker *self = g_object_new (CD_TYPE_SPELL_CHECKER, NULL);

  /* Set after construction so that NULL still picks the default. */
  cd_spell_checker_set_language (self, language);

  return self;
}

/**
 * cd_spell_checker_get_language:
 * @self: a #CdSpellChecker
 *
 * Returns: (transfer none): the language tag in use, never "" or %NULL
 */
const char *
cd_spell_checker_get_language (CdSpellChecker *self)
{
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), NULL);

  return self->language;
}

/**
 * cd_spell_checker_set_language:
 * @self: a #CdSpellChecker
 * @language: (nullable): a language tag, or %NULL or "" for the locale's
 *
 * Switches dictionaries. Emits ::changed when the language changed.
 */
void
cd_spell_checker_set_language (CdSpellChecker *self,
                               const char     *language)
{
  g_autofree char *resolved = NULL;

  g_return_if_fail (CD_IS_SPELL_CHECKER (self));

  if (language == NULL || language[0] == '\0')
    resolved = cd_spell_checker_get_default_language ();
  else
    resolved = g_strdup (language);

  if (g_strcmp0 (resolved, self->language) == 0)
    return;

  g_free (self->language);
  self->language = g_steal_pointer (&resolved);
  if (self->dict != NULL)
    {
      enchant_broker_free_dict (self->broker, self->dict);
      self->dict = NULL;
    }
  g_hash_table_remove_all (self->cache);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * cd_spell_checker_check_word:
 * @self: a #CdSpellChecker
 * @word: a UTF-8 word
 * @len: its length in bytes, or -1 if nul-terminated
 *
 * Returns: %TRUE if the word is spelled correctly, or when no dictionary is
 *   available for the language (nothing is flagged then)
 */
gboolean
cd_spell_checker_check_word (CdSpellChecker *self,
                             const char     *word,
                             gssize          len)
{
  g_autofree char *key = NULL;
  gpointer cached;
  gboolean correct;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  if (len < 0)
    len = strlen (word);
  if (len == 0 || !ensure_dict (self))
    return TRUE;

  key = g_strndup (word, len);
  if ((cached = g_hash_table_lookup (self->cache, key)) != NULL)
    return GPOINTER_TO_INT (cached) - 1;

  correct = enchant_dict_check (self->dict, word, len) == 0;
  if (g_hash_table_size (self->cache) >= MAX_CACHED_WORDS)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, g_steal_pointer (&key), GINT_TO_POINTER (1 + correct));

  return correct;
}

/**
 * cd_spell_checker_get_suggestions:
 * @self: a #CdSpellChecker
 * @word: a UTF-8 word
 * @len: its length in bytes, or -1 if nul-terminated
 *
 * Returns: (transfer full) (array zero-terminated=1): replacements, best
 *   first; an empty array when there are none
 */
char **
cd_spell_checker_get_suggestions (CdSpellChecker *self,
                                  const char     *word,
                                  gssize          len)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char **suggestions;
  size_t n_suggestions = 0;

  g_return_val_if_fail (CD_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (len < 0)
    len = strlen (word);
  if (len == 0 || !ensure_dict (self))
    return g_strv_builder_end (builder);

  suggestions = enchant_dict_suggest (self->dict, word, len, &n_suggestions);
  for (size_t i = 0; i < n_suggestions; i++)
    g_strv_builder_add (builder, suggestions[i]);
  if (suggestions != NULL)
    enchant_dict_free_string_list (self->dict, suggestions);

  return g_strv_builder_end (builder);
}

/**
 * cd_spell_checker_add_word:
 * @self: a #CdSpellChecker
 * @word: a UTF-8 word
 * @len: its length in bytes, or -1 if nul-terminated
 *
 * Adds @word to the personal dictionary of the language (kept by enchant
 * under its configuration directory) and emits ::changed.
 */
void
cd_spell_checker_add_word (CdSpellChecker *self,
                           const char     *word,
                           gssize          len)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  if (len < 0)
    len = strlen (word);
  if (len == 0 || !ensure_dict (self))
    return;

  enchant_dict_add (self->dict, word, len);
  g_hash_table_remove_all (self->cache);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * cd_spell_checker_ignore_word:
 * @self: a #CdSpellChecker
 * @word: a UTF-8 word
 * @len: its length in bytes, or -1 if nul-terminated
 *
 * Accepts @word until the checker is freed, without saving it; emits
 * ::changed.
 */
void
cd_spell_checker_ignore_word (CdSpellChecker *self,
                              const char     *word,
                              gssize          len)
{
  g_return_if_fail (CD_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  if (len < 0)
    len = strlen (word);
  if (len == 0 || !ensure_dict (self))
    return;

  enchant_dict_add_to_session (self->dict, word, len);
  g_hash_table_remove_all (self->cache);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * cd_spell_checker_list_languages:
 *
 * Returns: (transfer full): the language tags that have a dictionary
 *   installed, sorted
 */
char **
cd_spell_checker_list_languages (void)
{
  g_autoptr(GPtrArray) languages = g_ptr_array_new ();
  EnchantBroker *broker = enchant_broker_init ();

  if (broker != NULL)
    {
      enchant_broker_list_dicts (broker, collect_dict_cb, languages);
      enchant_broker_free (broker);
    }
  g_ptr_array_sort (languages, compare_strings);
  g_ptr_array_add (languages, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&languages), FALSE);
}

/**
 * cd_spell_checker_get_default_language:
 *
 * The locale's language, if a dictionary exists for it: LANG=de_DE.UTF-8
 * gives "de_DE" (or "de"); otherwise "en_US".
 *
 * Returns: (transfer full): a language tag
 */
char *
cd_spell_checker_get_default_language (void)
{
  const char * const *names = g_get_language_names ();
  EnchantBroker *broker = enchant_broker_init ();
  char *found = NULL;

  for (guint i = 0; broker != NULL && names[i] != NULL && found == NULL; i++)
    {
      g_autofree char *language = locale_to_language (names[i]);

      if (language != NULL && enchant_broker_dict_exists (broker, language))
        found = g_steal_pointer (&language);
    }
  if (broker != NULL)
    enchant_broker_free (broker);

  return found != NULL ? found : g_strdup (FALLBACK_LANGUAGE);
}
