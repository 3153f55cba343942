# The .deb (CPack): `cpack -G DEB` in a build folder configured with
# -DCMAKE_INSTALL_PREFIX=/usr (the release workflow does both). The binary
# carries its rule catalogue, so the same install tree also works unpacked
# anywhere, as the release tarball is, and the binary works copied alone.
set(CPACK_PACKAGE_NAME cfscale)
set(CPACK_PACKAGE_VENDOR "cfscale")
set(CPACK_PACKAGE_CONTACT "cfscale maintainers <maintainers@cfscale.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_LICENSE "Apache-2.0")
# The libraries the binary links (none but glibc for a portable build), as
# dpkg-shlibdeps finds them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
