package hiker

// Compiler bomb: A60 and B60 are two separate type literals for the same type, each a
// chain of 60 struct types with two fields of the previous type. Checking that one is
// assignable to the other compares them field by field, which takes 2^60 steps.
// The element type has size zero, so no type grows too large.

type A0 = struct{}
type B0 = struct{}
type A1 = struct{ l, r A0 }
type B1 = struct{ l, r B0 }
type A2 = struct{ l, r A1 }
type B2 = struct{ l, r B1 }
type A3 = struct{ l, r A2 }
type B3 = struct{ l, r B2 }
type A4 = struct{ l, r A3 }
type B4 = struct{ l, r B3 }
type A5 = struct{ l, r A4 }
type B5 = struct{ l, r B4 }
type A6 = struct{ l, r A5 }
type B6 = struct{ l, r B5 }
type A7 = struct{ l, r A6 }
type B7 = struct{ l, r B6 }
type A8 = struct{ l, r A7 }
type B8 = struct{ l, r B7 }
type A9 = struct{ l, r A8 }
type B9 = struct{ l, r B8 }
type A10 = struct{ l, r A9 }
type B10 = struct{ l, r B9 }
type A11 = struct{ l, r A10 }
type B11 = struct{ l, r B10 }
type A12 = struct{ l, r A11 }
type B12 = struct{ l, r B11 }
type A13 = struct{ l, r A12 }
type B13 = struct{ l, r B12 }
type A14 = struct{ l, r A13 }
type B14 = struct{ l, r B13 }
type A15 = struct{ l, r A14 }
type B15 = struct{ l, r B14 }
type A16 = struct{ l, r A15 }
type B16 = struct{ l, r B15 }
type A17 = struct{ l, r A16 }
type B17 = struct{ l, r B16 }
type A18 = struct{ l, r A17 }
type B18 = struct{ l, r B17 }
type A19 = struct{ l, r A18 }
type B19 = struct{ l, r B18 }
type A20 = struct{ l, r A19 }
type B20 = struct{ l, r B19 }
type A21 = struct{ l, r A20 }
type B21 = struct{ l, r B20 }
type A22 = struct{ l, r A21 }
type B22 = struct{ l, r B21 }
type A23 = struct{ l, r A22 }
type B23 = struct{ l, r B22 }
type A24 = struct{ l, r A23 }
type B24 = struct{ l, r B23 }
type A25 = struct{ l, r A24 }
type B25 = struct{ l, r B24 }
type A26 = struct{ l, r A25 }
type B26 = struct{ l, r B25 }
type A27 = struct{ l, r A26 }
type B27 = struct{ l, r B26 }
type A28 = struct{ l, r A27 }
type B28 = struct{ l, r B27 }
type A29 = struct{ l, r A28 }
type B29 = struct{ l, r B28 }
type A30 = struct{ l, r A29 }
type B30 = struct{ l, r B29 }
type A31 = struct{ l, r A30 }
type B31 = struct{ l, r B30 }
type A32 = struct{ l, r A31 }
type B32 = struct{ l, r B31 }
type A33 = struct{ l, r A32 }
type B33 = struct{ l, r B32 }
type A34 = struct{ l, r A33 }
type B34 = struct{ l, r B33 }
type A35 = struct{ l, r A34 }
type B35 = struct{ l, r B34 }
type A36 = struct{ l, r A35 }
type B36 = struct{ l, r B35 }
type A37 = struct{ l, r A36 }
type B37 = struct{ l, r B36 }
type A38 = struct{ l, r A37 }
type B38 = struct{ l, r B37 }
type A39 = struct{ l, r A38 }
type B39 = struct{ l, r B38 }
type A40 = struct{ l, r A39 }
type B40 = struct{ l, r B39 }
type A41 = struct{ l, r A40 }
type B41 = struct{ l, r B40 }
type A42 = struct{ l, r A41 }
type B42 = struct{ l, r B41 }
type A43 = struct{ l, r A42 }
type B43 = struct{ l, r B42 }
type A44 = struct{ l, r A43 }
type B44 = struct{ l, r B43 }
type A45 = struct{ l, r A44 }
type B45 = struct{ l, r B44 }
type A46 = struct{ l, r A45 }
type B46 = struct{ l, r B45 }
type A47 = struct{ l, r A46 }
type B47 = struct{ l, r B46 }
type A48 = struct{ l, r A47 }
type B48 = struct{ l, r B47 }
type A49 = struct{ l, r A48 }
type B49 = struct{ l, r B48 }
type A50 = struct{ l, r A49 }
type B50 = struct{ l, r B49 }
type A51 = struct{ l, r A50 }
type B51 = struct{ l, r B50 }
type A52 = struct{ l, r A51 }
type B52 = struct{ l, r B51 }
type A53 = struct{ l, r A52 }
type B53 = struct{ l, r B52 }
type A54 = struct{ l, r A53 }
type B54 = struct{ l, r B53 }
type A55 = struct{ l, r A54 }
type B55 = struct{ l, r B54 }
type A56 = struct{ l, r A55 }
type B56 = struct{ l, r B55 }
type A57 = struct{ l, r A56 }
type B57 = struct{ l, r B56 }
type A58 = struct{ l, r A57 }
type B58 = struct{ l, r B57 }
type A59 = struct{ l, r A58 }
type B59 = struct{ l, r B58 }
type A60 = struct{ l, r A59 }
type B60 = struct{ l, r B59 }

var a A60
var b B60 = a

func Answer() int {
	return 6 * 7
}
