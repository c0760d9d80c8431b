proc answer {} {
    expr {6 * 7
}
