#include "CXpertBuild.h"

/* A C target because a C macro can carry a string from the build command into the binary
   (Swift's -D flags are only booleans): scripts/install.sh builds with
   -Xcc -DXPERT_GIT_COMMIT="<commit>". */
#ifndef XPERT_GIT_COMMIT
#define XPERT_GIT_COMMIT ""
#endif

const char *xpert_git_commit(void) { return XPERT_GIT_COMMIT; }
