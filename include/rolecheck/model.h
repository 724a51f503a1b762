/**
 * @file model.h
 * @brief The in-memory model of one solution: tables, security roles, their
 * privilege grants and the role x table x access-right matrix, app modules and
 * field security profiles.
 *
 * Ownership: everything returned by a getter is borrowed from the model and
 * valid until rc_model_free(). The model is read-only once loaded.
 */
#ifndef RC_MODEL_H
#define RC_MODEL_H

#include "rolecheck/error.h"
#include "rolecheck/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Depth of a grant, ordered: None < Basic < Local < Deep < Global. */
typedef enum {
  RC_DEPTH_NONE = 0,
  RC_DEPTH_BASIC,  /**< "User" in the role editor */
  RC_DEPTH_LOCAL,  /**< "Business Unit" */
  RC_DEPTH_DEEP,   /**< "Parent: Child Business Units" */
  RC_DEPTH_GLOBAL, /**< "Organization" */
} rc_depth;

/** The eight table access rights, in role-editor column order. */
typedef enum {
  RC_RIGHT_CREATE = 0,
  RC_RIGHT_READ,
  RC_RIGHT_WRITE,
  RC_RIGHT_DELETE,
  RC_RIGHT_APPEND,
  RC_RIGHT_APPENDTO,
  RC_RIGHT_ASSIGN,
  RC_RIGHT_SHARE,
  RC_RIGHT_COUNT
} rc_right;

/** Table ownership (OwnershipTypeMask). */
typedef enum {
  RC_OWNERSHIP_UNKNOWN = 0,
  RC_OWNERSHIP_NONE,
  RC_OWNERSHIP_USER, /**< UserOwned: owned by a user or a team */
  RC_OWNERSHIP_ORG,
  RC_OWNERSHIP_BUSINESS,
} rc_ownership;

/** What a privilege name stands for. */
typedef enum {
  RC_PRIV_TABLE = 0,  /**< an access right on a table: fills the matrix */
  RC_PRIV_METADATA,   /**< an access right on a pseudo-entity (Entity, ...) */
  RC_PRIV_MISC,       /**< a miscellaneous privilege (prvExportToExcel) */
  RC_PRIV_UNRESOLVED, /**< resolves to nothing known; kept as written */
} rc_priv_kind;

/** Where the model knows a table from. */
typedef enum {
  RC_DEFINED_INPUT = 0, /**< defined (or stubbed) in the input's Entities */
  RC_DEFINED_CATALOG,   /**< Microsoft table from the built-in catalogue */
  RC_DEFINED_NOWHERE,   /**< only named by a privilege */
} rc_table_defined;

/**
 * Whose a table is. The catalogue (Microsoft's table reference) and
 * Microsoft's publisher prefixes decide first, whatever solution defines
 * the table; then the input's publisher and its dependencies.
 */
typedef enum {
  /** Dataverse system table: the catalogue's product "dataverse", or a
   * name without a publisher prefix that the catalogue lacks (only
   * Microsoft creates tables without a prefix). */
  RC_ORIGIN_PLATFORM = 0,
  /** Dynamics 365 or Power Platform first-party table: in the catalogue
   * with an app product, or a Microsoft app prefix (msdyn_, adx_, mspp_,
   * ...); rc_table.product names the product. */
  RC_ORIGIN_MICROSOFT_APP,
  /** Microsoft industry accelerator prefix (msnfp_, msauto_, mshied_,
   * ...): neither platform nor a Dynamics 365 app. */
  RC_ORIGIN_ACCELERATOR,
  /** Another publisher's table that the input depends on: a solution.xml
   * MissingDependency names it, with its solution (rc_table.product). */
  RC_ORIGIN_ISV,
  /** Defined by the input's publisher (its prefix, or defined in full in
   * the input), or any other prefix. */
  RC_ORIGIN_CUSTOM,
} rc_table_origin;

/** How a table appears in the input's Entities. */
typedef enum {
  RC_SHAPE_ABSENT = 0, /**< not in Entities at all */
  RC_SHAPE_FULL,       /**< full definition with EntityInfo */
  RC_SHAPE_STUB,       /**< <entity unmodified="1"> shell */
  RC_SHAPE_NO_INFO,    /**< <Entity> without <EntityInfo> */
} rc_table_shape;

/** Longest logical name the resolver accepts. */
#define RC_NAME_MAX 128

/** The result of resolving one privilege name. */
typedef struct {
  rc_priv_kind kind;
  rc_right right; /**< TABLE and METADATA only */
  /** TABLE: lowercase logical name; METADATA: lowercase pseudo-entity. */
  char table[RC_NAME_MAX];
  /** TABLE: where the table is known from (input, catalogue, nowhere). */
  rc_table_defined defined_in;
} rc_privilege_info;

/**
 * Callback telling the resolver whether a lowercase logical name is a table
 * defined in the input. May be NULL.
 */
typedef int (*rc_table_known_fn)(const char *logical_name, void *payload);

/**
 * Resolve a privilege name (prvCreatecontoso_SiteInspection, prvReadUser,
 * prvAppendtoCategory, prvExportToExcel, ...) per the grammar: misc catalogue
 * first, then the verb (AppendTo before Append), then the suffix through the
 * irregular-suffix table, pseudo-entities, the input's own tables and the
 * catalogue (schema name, any case). Any other suffix that is a name
 * (letters, digits, underscores) is a table known from nowhere: a custom
 * table, or a Microsoft table the catalogue lacks. Never fails: a name that
 * fits no rule is RC_PRIV_UNRESOLVED.
 * @param[out] out the resolution.
 * @param name the privilege name, NUL-terminated.
 * @param known optional lookup of the input's own tables.
 */
void rc_privilege_resolve(rc_privilege_info *out, const char *name,
                          rc_table_known_fn known, void *payload);

/** @return "Create", "Read", ... "Share". */
const char *rc_right_name(rc_right right);
/** @return "None", "Basic", "Local", "Deep", "Global". */
const char *rc_depth_name(rc_depth depth);
/**
 * Parse a depth as written in solutions: "Basic", "Local", "Deep" or
 * "Global" (@p len bytes, not NUL-terminated).
 * @return 0, or -1 for anything else (*out is then RC_DEPTH_NONE).
 */
int rc_depth_parse(const char *s, size_t len, rc_depth *out);
/** @return "UserOwned", "OrgOwned", "BusinessOwned", "None", "Unknown". */
const char *rc_ownership_name(rc_ownership ownership);
/** @return "table", "metadata", "misc", "unresolved". */
const char *rc_priv_kind_name(rc_priv_kind kind);

/**
 * @return the role name for a role-template GUID (braced or not, any case),
 * e.g. "System Administrator"; NULL for any other id.
 */
const char *rc_role_template_name(const char *guid);

/**
 * @return 1 if @p name is a built-in miscellaneous privilege name, else 0.
 */
int rc_misc_privilege_known(const char *name);

/** @return "platform", "microsoft-app", "accelerator", "isv", "custom". */
const char *rc_table_origin_name(rc_table_origin origin);

/** A table of the model. */
typedef struct {
  const char *logical_name; /**< lowercase; the join key */
  const char *name;         /**< display form: SchemaName as written */
  /** What people call it: the input's <Name LocalizedName> (the
   * organisation's base language), else the catalogue's English name; ""
   * when neither gives one. Never NULL. */
  const char *display_name;
  rc_ownership ownership;
  rc_table_defined defined_in;
  rc_table_shape shape;
  int is_activity;
  int is_own;       /**< prefix equals the publisher's customization prefix */
  const char *file; /**< where it is defined; NULL if not defined */
  unsigned long line;
  rc_table_origin origin; /**< whose table it is */
  /** MICROSOFT_APP: the product ("sales", "field-service", "portals",
   * "dynamics-365" when the reference does not tell the app, ...);
   * PLATFORM from the catalogue: "dataverse"; ACCELERATOR: the industry
   * ("nonprofit", ...); ISV: the solution the input depends on; else "".
   * Never NULL. */
  const char *product;
  /** 1 when the input's entity metadata marks it a business process flow
   * table (IsBPFEntity), else 0 */
  int is_bpf;
} rc_table;

/**
 * One definition of "custom" for Microsoft's table limits (the Professional
 * licences' 15 custom tables, Team Members' additional tables).
 * @return 1 when the table's origin is custom, isv or accelerator, else 0.
 */
int rc_table_counts_as_custom(const rc_table *table);
/** The same for an origin alone (a name the model holds no table for,
 * whose origin rc_model_table_origin() gives). */
int rc_origin_counts_as_custom(rc_table_origin origin);

/** One distinct privilege name of the model, resolved. */
typedef struct {
  const char *name; /**< as written */
  rc_priv_kind kind;
  rc_right right;     /**< TABLE and METADATA */
  long table;         /**< TABLE: index into the model's tables, else -1 */
  const char *target; /**< METADATA: pseudo-entity name; else NULL */
} rc_privilege;

/** One RolePrivilege of a role (duplicates merged at the highest depth).
 * Kept small: a 300 MB export holds about a million of them. */
typedef struct {
  uint32_t privilege;  /**< index into the model's privileges */
  uint32_t line;       /**< line of the element */
  uint16_t duplicates; /**< further RolePrivilege elements with this name */
  uint8_t depth;       /**< an rc_depth */
} rc_grant;

/** A security role. */
typedef struct {
  const char *id;   /**< as written, e.g. "{7d1c2f0a-...}" */
  const char *guid; /**< normalised: lowercase, no braces */
  const char *name;
  const char *file; /**< document holding it ("x.zip!/customizations.xml") */
  unsigned long line;
  int is_inherited;          /**< 1, 0, or -1 when absent */
  int is_auto_assigned;      /**< 1, 0, or -1 when absent */
  const char *template_name; /**< out-of-box role it customises, or NULL */
  size_t grant_count;        /**< distinct RolePrivilege names */
  size_t element_count;      /**< RolePrivilege elements as written */
} rc_role;

/** An app module. */
typedef struct {
  const char *unique_name;
  const char *display_name; /**< may be NULL */
  const char *file;
  unsigned long line;
  size_t table_count;
  const char *const *tables; /**< lowercase logical names (component type 1) */
  size_t role_count;
  const char *const *role_ids; /**< normalised GUIDs of AppModuleRoleMaps */
} rc_app;

/** A field security profile. */
typedef struct {
  const char *id; /**< normalised GUID */
  const char *name;
  const char *file;
  unsigned long line;
  size_t permission_count; /**< FieldPermission elements */
} rc_field_profile;

/** The solution manifest (empty strings where the input has none). */
typedef struct {
  const char *unique_name;
  const char *display_name;
  const char *version;
  int managed; /**< 0, 1, 2 (Both), or -1 when unknown */
  const char *publisher;
  const char *prefix; /**< Publisher/CustomizationPrefix */
  size_t root_component_count;
  /** RootComponents of type 300 (canvas apps): with no app module in the
   * input, a solution whose only apps are canvas apps (issue 18) */
  size_t canvas_app_count;
} rc_solution;

/** Table-permission rights (Power Pages), as bits. */
enum {
  RC_PERM_CREATE = 1,
  RC_PERM_READ = 2,
  RC_PERM_WRITE = 4,
  RC_PERM_DELETE = 8,
  RC_PERM_APPEND = 16,
  RC_PERM_APPENDTO = 32,
};

/** @return the key of one RC_PERM_* bit as a table permission names it
 * ("create", "read", "write", "delete", "append", "appendto"), or NULL
 * for anything else. */
const char *rc_perm_key(unsigned bit);
/** Write the rights of RC_PERM_* bits as people read them ("Create,
 * Write"), NUL-terminated and cut to @p cap bytes; "" for none. */
void rc_perm_rights_text(char *buf, size_t cap, unsigned rights);

/** Table-permission scope codes (adx_scope / scope). */
enum {
  RC_SCOPE_GLOBAL = 756150000,
  RC_SCOPE_CONTACT = 756150001,
  RC_SCOPE_ACCOUNT = 756150002,
  RC_SCOPE_PARENT = 756150003,
  RC_SCOPE_SELF = 756150004,
  RC_SCOPE_CUSTOM = 756150005,
};

/** @return "Global", "Contact", "Account", "Parent", "Self", "Custom", or
 * "Unknown". */
const char *rc_scope_name(long scope);

/** A Power Pages web role. */
typedef struct {
  const char *id; /**< normalised GUID */
  const char *name;
  int anonymous;     /**< the site's Anonymous Users role */
  int authenticated; /**< the site's Authenticated Users role */
  const char *file;
  unsigned long line;
} rc_webrole;

/** A Power Pages table permission. */
typedef struct {
  const char *id; /**< normalised GUID */
  const char *name;
  const char *table;               /**< lowercase logical name */
  long scope;                      /**< RC_SCOPE_*, or 0 when absent */
  unsigned rights;                 /**< RC_PERM_* bits */
  const char *parent;              /**< parent permission id, or NULL */
  const char *parent_relationship; /**< or NULL */
  const char *contact_relationship;
  const char *account_relationship;
  size_t webrole_count;
  const char *const *webroles; /**< normalised web-role ids */
  int inherited; /**< webroles come from the parent permission (a child
                      permission linked to no web role of its own) */
  const char *file;
  unsigned long line;
} rc_table_permission;

/** A loaded solution. */
typedef struct rc_model rc_model;

/**
 * Read input @p index of @p inputs and build its model.
 * @param[out] out the model; NULL on failure. Free with rc_model_free().
 * @return RC_OK, RC_EINPUT, RC_ELIMIT or RC_ENOMEM (message in @p ctx).
 */
int rc_model_load(rc_model **out, rc_ctx *ctx, const rc_input_list *inputs,
                  size_t index);

/** Free a model. NULL-safe. */
void rc_model_free(rc_model *model);

/**
 * Parse statistics: the number of RolePrivilege elements read and the
 * FNV-1a-64 hash of their names in document order, each followed by a
 * newline (the benchmark's floor program computes the same).
 */
void rc_model_stats(const rc_model *model, size_t *privileges, uint64_t *hash);

/** @return the input path the model was read from. Borrowed. */
const char *rc_model_path(const rc_model *model);
/** @return the manifest. Borrowed. */
const rc_solution *rc_model_solution(const rc_model *model);

/** @return the number of tables. */
size_t rc_model_table_count(const rc_model *model);
/** @return table @p i. Borrowed. */
const rc_table *rc_model_table(const rc_model *model, size_t i);

/**
 * @return the table with this lowercase logical name, or NULL. Borrowed.
 */
const rc_table *rc_model_table_by_name(const rc_model *model,
                                       const char *logical_name);

/**
 * Whose a table is, by lowercase logical name, whether or not the model
 * holds it (a table permission's table, say): the table's rc_table.origin
 * when it does, else the same decision from the catalogue, the publisher
 * prefixes, the input's publisher and its MissingDependencies.
 * @param[out] product the table's rc_table.product (borrowed; never NULL).
 * @return the origin.
 */
rc_table_origin rc_model_table_origin(const rc_model *model,
                                      const char *logical_name,
                                      const char **product);

/** @return the number of distinct privilege names. */
size_t rc_model_privilege_count(const rc_model *model);
/** @return privilege @p i. Borrowed. */
const rc_privilege *rc_model_privilege(const rc_model *model, size_t i);

/** @return the number of roles, in document order (Roles/ files sorted). */
size_t rc_model_role_count(const rc_model *model);
/** @return role @p i. Borrowed. */
const rc_role *rc_model_role(const rc_model *model, size_t i);
/** @return grant @p g of role @p r, in document order. Borrowed. */
const rc_grant *rc_model_grant(const rc_model *model, size_t r, size_t g);

/**
 * The packed matrix cell of role @p r on table @p t: 3 bits per access right,
 * read with rc_cell_depth(). 0 when the role grants nothing on the table.
 */
uint32_t rc_model_cell(const rc_model *model, size_t r, size_t t);

/** @return the depth of @p right in a packed cell. */
static inline rc_depth rc_cell_depth(uint32_t cell, rc_right right)
{
  return (rc_depth)((cell >> (3u * (unsigned)right)) & 7u);
}

/** @return the number of app modules (managed twins counted once). */
size_t rc_model_app_count(const rc_model *model);
/** @return app @p i. Borrowed. */
const rc_app *rc_model_app(const rc_model *model, size_t i);
/** @return how many apps of @p model map role @p role (< role count). */
size_t rc_model_role_app_count(const rc_model *model, size_t role);

/** @return the number of web roles (sorted by name, then id). */
size_t rc_model_webrole_count(const rc_model *model);
/** @return web role @p i. Borrowed. */
const rc_webrole *rc_model_webrole(const rc_model *model, size_t i);
/** @return the number of table permissions (sorted by table, name, id). */
size_t rc_model_permission_count(const rc_model *model);
/** @return table permission @p i. Borrowed. */
const rc_table_permission *rc_model_permission(const rc_model *model, size_t i);
/** @return 1 when table permission @p permission applies to the web role
 * whose id (as the model holds it) is @p webrole_id. */
int rc_permission_has_webrole(const rc_table_permission *permission,
                              const char *webrole_id);

/** @return the number of field security profiles. */
size_t rc_model_profile_count(const rc_model *model);
/** @return profile @p i. Borrowed. */
const rc_field_profile *rc_model_profile(const rc_model *model, size_t i);

/** @return how many files on disk this input was read from. */
size_t rc_model_file_count(const rc_model *model);

/**
 * @return file @p i that this input was read from, as a path on disk: a
 *         document of a folder, or the zip (the outermost one of a zip
 *         inside a package); borrowed, valid until the model is freed.
 *         Outputs are never written over these.
 */
const char *rc_model_file(const rc_model *model, size_t i);

/**
 * A portal table (adx_entitypermission, adx_webrole, their mspp_ forms, or
 * powerpagecomponent) that this input defines while it carries no web role
 * and no table permission: a classic portal solution, whose permissions are
 * data that travels in a Configuration Migration export or a site download.
 * @return the table, borrowed (valid until the model is freed), or NULL.
 */
const rc_table *rc_model_portal_data_elsewhere(const rc_model *model);

/* ---- loading many inputs ---- */

/** One input's outcome of rc_model_load_all(). */
typedef struct {
  rc_model *model;     /**< NULL on failure; set it to NULL to keep the model
                            past rc_load_results_free() (then free it with
                            rc_model_free()) */
  int error;           /**< RC_OK or what rc_model_load() returned */
  const char *message; /**< the error's one-line message, or NULL */
  size_t warning_count;
  const char *const *warnings; /**< its warnings, in the order given */
} rc_load_result;

/** The outcomes of rc_model_load_all(), in input order. */
typedef struct rc_load_results rc_load_results;

/**
 * Load every input of @p inputs, @p jobs at a time (0: one per CPU), each
 * with its own context holding the limits and keep-going setting of
 * @p ctx. Each input's warnings are kept with its result instead of being
 * passed to @p ctx's callback, so that the caller can print them in input
 * order: the results never depend on the number of threads.
 * @param[out] out free with rc_load_results_free().
 * @return RC_OK (each input's own error is in its result) or RC_ENOMEM.
 */
int rc_model_load_all(rc_load_results **out, rc_ctx *ctx,
                      const rc_input_list *inputs, unsigned jobs);
/** @return the number of results (the inputs of the list). */
size_t rc_load_results_count(const rc_load_results *results);
/** @return result @p i. Borrowed; the model may be taken (see above). */
rc_load_result *rc_load_results_get(rc_load_results *results, size_t i);
/** Free the results and every model not taken. NULL-safe. */
void rc_load_results_free(rc_load_results *results);

/** A role of a loaded model. */
typedef struct {
  const rc_model *model;
  size_t role; /**< index in rc_model_role() */
} rc_role_ref;

/**
 * A model holding one role that is all of @p roles at once, so that the
 * rules judge a person who holds several roles as they judge one: each
 * privilege at the highest depth any of them grants, the tables they reach
 * (with their origin in the role's own input), and the apps of their
 * inputs that map one of them, now mapping the union (with the tables
 * those apps list). The role takes the file and line of the first of
 * @p roles; its solution is the first one's, and it counts as shipped with
 * canvas apps only when every one of @p roles is.
 * @param id the union's id, a GUID (its normalised form is its guid).
 * @param[out] out free with rc_model_free() before any source model.
 * @return RC_OK, RC_EUSAGE (no roles, or a role index out of range) or
 * RC_ENOMEM.
 */
int rc_model_union(rc_model **out, rc_ctx *ctx, const rc_role_ref *roles,
                   size_t n, const char *id, const char *name);

/**
 * The grants of role @p role in privilege-name order, the one order every
 * view and diff uses: names compared ignoring ASCII case, then exactly,
 * then in document order.
 * @param[out] out grant indexes (rc_model_grant()); free with
 * rc_model_order_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_model_grant_order(size_t **out, const rc_model *model, size_t role);
/** Free an order from rc_model_grant_order(). NULL-safe. */
void rc_model_order_free(size_t *order);

#ifdef __cplusplus
}
#endif
#endif
