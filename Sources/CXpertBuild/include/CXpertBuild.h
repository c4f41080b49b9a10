#ifndef CXPERT_BUILD_H
#define CXPERT_BUILD_H

/// The git commit the binary was built from, as scripts/install.sh passes it
/// (-Xcc -DXPERT_GIT_COMMIT="..."); "" for a build that did not say.
const char *xpert_git_commit(void);

#endif
