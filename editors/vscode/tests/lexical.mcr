# SYNTAX TEST "source.macrame" "comments, strings, escapes, operators, punctuation"

# a whole-line comment
# <- comment.line.number-sign.macrame punctuation.definition.comment.macrame
#^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.macrame

project lab   # a trailing comment
#             ^ comment.line.number-sign.macrame punctuation.definition.comment.macrame
#              ^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.macrame

container web {
  image "nginx:1.27-alpine"
# ^^^^^ keyword.other.setting.macrame
#       ^ string.quoted.double.macrame punctuation.definition.string.begin.macrame
#        ^^^^^^^^^^^^^^^^^ string.quoted.double.macrame
#                         ^ string.quoted.double.macrame punctuation.definition.string.end.macrame
  command "sh" "-c" "echo \"hi\" \\ \n\tdone # not a comment"
#                         ^^ string.quoted.double.macrame constant.character.escape.macrame
#                             ^^ string.quoted.double.macrame constant.character.escape.macrame
#                                ^^ string.quoted.double.macrame constant.character.escape.macrame
#                                   ^^ string.quoted.double.macrame constant.character.escape.macrame
#                                     ^^ string.quoted.double.macrame constant.character.escape.macrame
#                                            ^^^^^^^^^^^^^^^ string.quoted.double.macrame - comment
  env MSG = "bad \q escape"
#                ^^ string.quoted.double.macrame invalid.illegal.escape.macrame
#                  ^^^^^^^ string.quoted.double.macrame - invalid
  env TZ = "UTC"
# ^^^ keyword.other.setting.macrame
#     ^^ entity.other.attribute-name.macrame
#        ^ keyword.operator.assignment.macrame
#          ^^^^^ string.quoted.double.macrame
  label "unterminated
#       ^^^^^^^^^^^^^ string.quoted.double.macrame
  hostname web; restart always
#             ^ punctuation.terminator.statement.macrame
#               ^^^^^^^ keyword.other.setting.macrame
}
# <- meta.block.macrame punctuation.section.block.end.macrame

network lan { parent eth0; subnet 10.1.0.0/24 gateway 10.1.0.1 }
#           ^ meta.block.macrame punctuation.section.block.begin.macrame
#             ^^^^^^ keyword.other.setting.macrame
#                    ^^^^ variable.other.interface.macrame
#                        ^ punctuation.terminator.statement.macrame
#                          ^^^^^^ keyword.other.setting.macrame
#                                 ^^^^^^^^^^^ constant.numeric.prefix.macrame
#                                             ^^^^^^^ keyword.other.setting.macrame
#                                                     ^^^^^^^^ constant.numeric.address.macrame
#                                                              ^ meta.block.macrame punctuation.section.block.end.macrame
project lab; parent eth1
#          ^ punctuation.terminator.statement.macrame
#            ^^^^^^ keyword.other.item.macrame
#                   ^^^^ entity.name.type.parent.macrame
}
# <- invalid.illegal.stray-brace.macrame
