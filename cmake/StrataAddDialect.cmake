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
  mlir_tablegen(${name}Attrs.h.inc -gen-attrdef-decls -attrdefs-dialect=${mnemonic})
  mlir_tablegen(${name}Attrs.cpp.inc -gen-attrdef-defs -attrdefs-dialect=${mnemonic})
  add_public_tablegen_target(Strata${name}IncGen)
  add_dependencies(strata-headers Strata${name}IncGen)

  set(LLVM_TARGET_DEFINITIONS ${name}Ops.td)
  tablegen(MLIR ${name}Dialect.md -gen-dialect-doc -dialect=${mnemonic})
  strata_publish_doc(${name}Dialect.md Dialects/${name}.md Strata${name}DocGen)
endfunction()

# Copies a generated page into <build>/docs/<dest> behind target <target>.
function(strata_publish_doc generated dest target)
  set(out ${PROJECT_BINARY_DIR}/docs/${dest})
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E copy
            ${CMAKE_CURRENT_BINARY_DIR}/${generated} ${out}
    DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/${generated})
  add_custom_target(${target} DEPENDS ${out})
  add_dependencies(strata-doc ${target})
endfunction()

# strata_add_passes(<Name>) from a folder with Passes.td.
function(strata_add_passes name)
  set(LLVM_TARGET_DEFINITIONS Passes.td)
  mlir_tablegen(Passes.h.inc -gen-pass-decls -name ${name})
  add_public_tablegen_target(Strata${name}PassIncGen)
  add_dependencies(strata-headers Strata${name}PassIncGen)
  tablegen(MLIR ${name}Passes.md -gen-pass-doc)
  strata_publish_doc(${name}Passes.md Passes/${name}.md Strata${name}PassDocGen)
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
