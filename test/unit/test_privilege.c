/* The privilege-name grammar: verbs, irregular suffixes, pseudo-entities,
 * misc names and custom tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rolecheck/model.h"

static rc_privilege_info resolve(const char *name)
{
  rc_privilege_info info;
  rc_privilege_resolve(&info, name, NULL, NULL);
  return info;
}

static void expect_table(const char *name, rc_right right, const char *table,
                         rc_table_defined defined_in)
{
  rc_privilege_info info = resolve(name);
  assert_int_equal(info.kind, RC_PRIV_TABLE);
  assert_int_equal(info.right, right);
  assert_string_equal(info.table, table);
  assert_int_equal(info.defined_in, defined_in);
}

static void test_privilege__appendto_before_append(void **state)
{
  (void)state;
  expect_table("prvAppendToAccount", RC_RIGHT_APPENDTO, "account",
               RC_DEFINED_CATALOG);
  expect_table("prvAppendAccount", RC_RIGHT_APPEND, "account",
               RC_DEFINED_CATALOG);
  expect_table("prvAppendTocontoso_SiteInspection", RC_RIGHT_APPENDTO,
               "contoso_siteinspection", RC_DEFINED_NOWHERE);
}

static void test_privilege__appendto_lowercase_to(void **state)
{
  (void)state;
  expect_table("prvAppendtoCategory", RC_RIGHT_APPENDTO, "category",
               RC_DEFINED_CATALOG);
  expect_table("prvAppendCategory", RC_RIGHT_APPEND, "category",
               RC_DEFINED_CATALOG);
}

static void test_privilege__every_verb(void **state)
{
  static const struct {
    const char *name;
    rc_right right;
  } cases[] = {
      {"prvCreateContact", RC_RIGHT_CREATE},
      {"prvReadContact", RC_RIGHT_READ},
      {"prvWriteContact", RC_RIGHT_WRITE},
      {"prvDeleteContact", RC_RIGHT_DELETE},
      {"prvAppendContact", RC_RIGHT_APPEND},
      {"prvAppendToContact", RC_RIGHT_APPENDTO},
      {"prvAssignContact", RC_RIGHT_ASSIGN},
      {"prvShareContact", RC_RIGHT_SHARE},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    expect_table(cases[i].name, cases[i].right, "contact", RC_DEFINED_CATALOG);
}

static void test_privilege__irregular_suffixes(void **state)
{
  (void)state;
  expect_table("prvReadUser", RC_RIGHT_READ, "systemuser", RC_DEFINED_CATALOG);
  expect_table("prvWriteQuery", RC_RIGHT_WRITE, "savedquery",
               RC_DEFINED_CATALOG);
  expect_table("prvCreateUserQuery", RC_RIGHT_CREATE, "userquery",
               RC_DEFINED_CATALOG);
  expect_table("prvReadNote", RC_RIGHT_READ, "annotation", RC_DEFINED_CATALOG);
  expect_table("prvWriteOrder", RC_RIGHT_WRITE, "salesorder",
               RC_DEFINED_CATALOG);
  expect_table("prvReadArticle", RC_RIGHT_READ, "kbarticle",
               RC_DEFINED_CATALOG);
  expect_table("prvReadNewsArticle", RC_RIGHT_READ, "businessunitnewsarticle",
               RC_DEFINED_CATALOG);
  expect_table("prvReadSavedQueryVisualizations", RC_RIGHT_READ,
               "savedqueryvisualization", RC_DEFINED_CATALOG);
  expect_table("prvReadKnowledgeArticle", RC_RIGHT_READ, "knowledgearticle",
               RC_DEFINED_CATALOG);
  expect_table("prvCreateEmailTemplate", RC_RIGHT_CREATE, "template",
               RC_DEFINED_CATALOG);
}

static void test_privilege__activity_covers_activities(void **state)
{
  (void)state;
  expect_table("prvReadActivity", RC_RIGHT_READ, "activitypointer",
               RC_DEFINED_CATALOG);
  expect_table("prvCreateActivity", RC_RIGHT_CREATE, "activitypointer",
               RC_DEFINED_CATALOG);
}

static void test_privilege__misc_before_verbs(void **state)
{
  static const char *const misc[] = {
      "prvAssignManager",
      "prvAssignTerritory",
      "prvWriteHierarchicalSecurityConfiguration",
      "prvExportToExcel",
      "prvActOnBehalfOfAnotherUser",
      "prvImportCustomization"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(misc) / sizeof(misc[0]); i++) {
    rc_privilege_info info = resolve(misc[i]);
    assert_int_equal(info.kind, RC_PRIV_MISC);
    assert_true(rc_misc_privilege_known(misc[i]));
  }
}

static void test_privilege__pseudo_entities(void **state)
{
  rc_privilege_info info;
  (void)state;
  info = resolve("prvReadEntity");
  assert_int_equal(info.kind, RC_PRIV_METADATA);
  assert_int_equal(info.right, RC_RIGHT_READ);
  assert_string_equal(info.table, "entity");
  info = resolve("prvWriteRelationship");
  assert_int_equal(info.kind, RC_PRIV_METADATA);
  assert_int_equal(info.right, RC_RIGHT_WRITE);
  assert_int_equal(resolve("prvReadLicense").kind, RC_PRIV_MISC);
  assert_int_equal(resolve("prvCreateOwnCalendar").kind, RC_PRIV_MISC);
  assert_int_equal(resolve("prvCreateOrgEmailTemplates").kind, RC_PRIV_MISC);
}

static int known_site_inspection(const char *logical, void *payload)
{
  (void)payload;
  return !strcmp(logical, "contoso_siteinspection");
}

static void test_privilege__custom_names_keep_case(void **state)
{
  rc_privilege_info info;
  (void)state;
  rc_privilege_resolve(&info, "prvWritecontoso_SiteInspection",
                       known_site_inspection, NULL);
  assert_int_equal(info.kind, RC_PRIV_TABLE);
  assert_int_equal(info.right, RC_RIGHT_WRITE);
  assert_string_equal(info.table, "contoso_siteinspection");
  assert_int_equal(info.defined_in, RC_DEFINED_INPUT);
  expect_table("prvReadcontoso_Permit", RC_RIGHT_READ, "contoso_permit",
               RC_DEFINED_NOWHERE);
}

/* Every catalogue table resolves by its schema name in any case, and the
 * irregular suffixes by their alias: Microsoft's table reference is the
 * catalogue (issue 18). */
static void test_privilege__catalogue_schema_names_any_case(void **state)
{
  (void)state;
  expect_table("prvCreatemsdyn_workorder", RC_RIGHT_CREATE, "msdyn_workorder",
               RC_DEFINED_CATALOG);
  expect_table("prvReadmsdyn_WorkOrder", RC_RIGHT_READ, "msdyn_workorder",
               RC_DEFINED_CATALOG);
  expect_table("prvReadmsdyn_AIModel", RC_RIGHT_READ, "msdyn_aimodel",
               RC_DEFINED_CATALOG);
  expect_table("prvWriteINCIDENT", RC_RIGHT_WRITE, "incident",
               RC_DEFINED_CATALOG);
  expect_table("prvReadBookableResourceBooking", RC_RIGHT_READ,
               "bookableresourcebooking", RC_DEFINED_CATALOG);
  expect_table("prvReadmspp_WebRole", RC_RIGHT_READ, "mspp_webrole",
               RC_DEFINED_CATALOG);
  /* tables the reference lacks, from the overlay */
  expect_table("prvReadOrganizationSetting", RC_RIGHT_READ,
               "organizationsetting", RC_DEFINED_CATALOG);
  expect_table("prvReadWorkflowSession", RC_RIGHT_READ, "processsession",
               RC_DEFINED_CATALOG);
  /* the schema name of a table with an irregular suffix, and the alias in
   * another case */
  expect_table("prvReadAnnotation", RC_RIGHT_READ, "annotation",
               RC_DEFINED_CATALOG);
  expect_table("prvReadnote", RC_RIGHT_READ, "annotation", RC_DEFINED_CATALOG);
}

/* A name that fits the grammar but names no known table is a table known
 * from nowhere (a Microsoft table the catalogue lacks, or a custom one),
 * never unresolved. */
static void test_privilege__unknown_table_names_resolve(void **state)
{
  (void)state;
  expect_table("prvReadNoSuchSystemTable", RC_RIGHT_READ, "nosuchsystemtable",
               RC_DEFINED_NOWHERE);
  expect_table("prvDeleteResourceBookingHeader", RC_RIGHT_DELETE,
               "resourcebookingheader", RC_DEFINED_NOWHERE);
  expect_table("prvReadmsdyn_NotInTheCatalogue", RC_RIGHT_READ,
               "msdyn_notinthecatalogue", RC_DEFINED_NOWHERE);
}

static void test_privilege__unresolved_kept(void **state)
{
  char longname[300];
  (void)state;
  assert_int_equal(resolve("prvFrobnicateWidgets").kind, RC_PRIV_UNRESOLVED);
  /* a suffix that is no name */
  assert_int_equal(resolve("prvReadFoo-Bar").kind, RC_PRIV_UNRESOLVED);
  assert_int_equal(resolve("prvRead2Tables").kind, RC_PRIV_UNRESOLVED);
  assert_int_equal(resolve("prvRead_contoso").kind, RC_PRIV_UNRESOLVED);
  assert_int_equal(resolve("prvRead").kind, RC_PRIV_UNRESOLVED);
  assert_int_equal(resolve("ReadAccount").kind, RC_PRIV_UNRESOLVED);
  assert_int_equal(resolve("").kind, RC_PRIV_UNRESOLVED);
  /* verbs are case-sensitive */
  assert_int_equal(resolve("prvreadAccount").kind, RC_PRIV_UNRESOLVED);
  memset(longname, 'a', sizeof(longname) - 1);
  longname[sizeof(longname) - 1] = '\0';
  memcpy(longname, "prvReadx_", 9);
  assert_int_equal(resolve(longname).kind, RC_PRIV_UNRESOLVED);
}

static void test_privilege__names(void **state)
{
  (void)state;
  assert_string_equal(rc_right_name(RC_RIGHT_APPENDTO), "AppendTo");
  assert_string_equal(rc_depth_name(RC_DEPTH_DEEP), "Deep");
  assert_string_equal(rc_ownership_name(RC_OWNERSHIP_BUSINESS),
                      "BusinessOwned");
  assert_string_equal(rc_priv_kind_name(RC_PRIV_UNRESOLVED), "unresolved");
}

static void test_privilege__role_templates(void **state)
{
  (void)state;
  assert_string_equal(
      rc_role_template_name("{627090FF-40A3-4053-8790-584EDC5BE201}"),
      "System Administrator");
  assert_string_equal(
      rc_role_template_name("1808b939-dd07-4ca7-aa99-ddd2734378f1"),
      "CSR Manager");
  assert_null(rc_role_template_name("{7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f}"));
  assert_null(rc_role_template_name("not a guid"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_privilege__appendto_before_append),
      cmocka_unit_test(test_privilege__appendto_lowercase_to),
      cmocka_unit_test(test_privilege__every_verb),
      cmocka_unit_test(test_privilege__irregular_suffixes),
      cmocka_unit_test(test_privilege__activity_covers_activities),
      cmocka_unit_test(test_privilege__misc_before_verbs),
      cmocka_unit_test(test_privilege__pseudo_entities),
      cmocka_unit_test(test_privilege__custom_names_keep_case),
      cmocka_unit_test(test_privilege__catalogue_schema_names_any_case),
      cmocka_unit_test(test_privilege__unknown_table_names_resolve),
      cmocka_unit_test(test_privilege__unresolved_kept),
      cmocka_unit_test(test_privilege__names),
      cmocka_unit_test(test_privilege__role_templates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
