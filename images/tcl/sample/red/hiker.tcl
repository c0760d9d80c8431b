proc answer {} {
    expr {6 * 9}
}
