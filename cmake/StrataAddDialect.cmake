# Thin wrappers that hook each Strata dialect and library into shared targets
# (strata-headers, strata-doc) and link the shared libMLIR.

# strata_add_dialect(<Name> <mnemonic>)
# Run from dialects/<Name>/IR: generates ops/dialect/enum declarations from
# <Name>Ops.td and the dialect reference page docs/Dialects/<Name>.md in the
# build tree.
function(strata_add_dialect name mnemonic)
  set(LLVM_TARGET_DEFINITIONS ${name}Ops.td)
  mlir_tablegen(${name}Ops.h.inc -gen-op-decls)
  mlir_tablegen(${name}Ops.cpp.inc -gen-op-defs)
  mlir_tablegen(${name}Dialect.h.inc -gen-dialect-decls -dialect=${mnemonic})
  mlir_tablegen(${name}Dialect.cpp.inc -gen-dialect-defs -dialect=${mnemonic})
  mlir_tablegen(${name}Enums.h.inc -gen-enum-decls)
  mlir_tablegen(${name}Enums.cpp.inc -gen-enum-defs)
  add_public_tablegen_target(Strata${name}IncGen)
  add_dependencies(strata-headers Strata${name}IncGen)

  set(LLVM_TARGET_DEFINITIONS ${name}Ops.td)
  tablegen(MLIR ${PROJECT_BINARY_DIR}/docs/Dialects/${name}.md
           -gen-dialect-doc -dialect=${mnemonic})
  add_custom_target(Strata${name}DocGen
    DEPENDS ${PROJECT_BINARY_DIR}/docs/Dialects/${name}.md)
  add_dependencies(strata-doc Strata${name}DocGen)
endfunction()

# strata_add_passes(<Name>) from a folder with Passes.td.
function(strata_add_passes name)
  set(LLVM_TARGET_DEFINITIONS Passes.td)
  mlir_tablegen(Passes.h.inc -gen-pass-decls -name ${name})
  add_public_tablegen_target(Strata${name}PassIncGen)
  add_dependencies(strata-headers Strata${name}PassIncGen)
  tablegen(MLIR ${PROJECT_BINARY_DIR}/docs/Passes/${name}.md -gen-pass-doc)
  add_custom_target(Strata${name}PassDocGen
    DEPENDS ${PROJECT_BINARY_DIR}/docs/Passes/${name}.md)
  add_dependencies(strata-doc Strata${name}PassDocGen)
endfunction()

# strata_add_library(<name> SRCS... [DEPENDS targets...] [LINK libs...])
# A static library of ours, linked against the shared libMLIR/libLLVM.
function(strata_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK} MLIR LLVM)
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
