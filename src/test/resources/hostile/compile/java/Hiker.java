import java.util.List;
import java.util.Map;

public class Hiker {

    // Compiler bomb: javac infers the type arguments of all the nested generic calls
    // below together, as one inference problem for the outermost call, and the cost of
    // that inference grows steeply with the depth of the nesting.
    static Object bomb() {
        return List.of(Map.entry(99, List.of(Map.entry(98, List.of(Map.entry(97, List.of(Map.entry(96, List.of(Map.entry(95, List.of(Map.entry(94, List.of(Map.entry(93, List.of(Map.entry(92, List.of(Map.entry(91, List.of(Map.entry(90, List.of(Map.entry(89, List.of(Map.entry(88, List.of(Map.entry(87, List.of(Map.entry(86, List.of(Map.entry(85, List.of(Map.entry(84, List.of(Map.entry(83, List.of(Map.entry(82, List.of(Map.entry(81, List.of(Map.entry(80, List.of(Map.entry(79, List.of(Map.entry(78, List.of(Map.entry(77, List.of(Map.entry(76, List.of(Map.entry(75, List.of(Map.entry(74, List.of(Map.entry(73, List.of(Map.entry(72, List.of(Map.entry(71, List.of(Map.entry(70, List.of(Map.entry(69, List.of(Map.entry(68, List.of(Map.entry(67, List.of(Map.entry(66, List.of(Map.entry(65, List.of(Map.entry(64, List.of(Map.entry(63, List.of(Map.entry(62, List.of(Map.entry(61, List.of(Map.entry(60, List.of(Map.entry(59, List.of(Map.entry(58, List.of(Map.entry(57, List.of(Map.entry(56, List.of(Map.entry(55, List.of(Map.entry(54, List.of(Map.entry(53, List.of(Map.entry(52, List.of(Map.entry(51, List.of(Map.entry(50, List.of(Map.entry(49, List.of(Map.entry(48, List.of(Map.entry(47, List.of(Map.entry(46, List.of(Map.entry(45, List.of(Map.entry(44, List.of(Map.entry(43, List.of(Map.entry(42, List.of(Map.entry(41, List.of(Map.entry(40, List.of(Map.entry(39, List.of(Map.entry(38, List.of(Map.entry(37, List.of(Map.entry(36, List.of(Map.entry(35, List.of(Map.entry(34, List.of(Map.entry(33, List.of(Map.entry(32, List.of(Map.entry(31, List.of(Map.entry(30, List.of(Map.entry(29, List.of(Map.entry(28, List.of(Map.entry(27, List.of(Map.entry(26, List.of(Map.entry(25, List.of(Map.entry(24, List.of(Map.entry(23, List.of(Map.entry(22, List.of(Map.entry(21, List.of(Map.entry(20, List.of(Map.entry(19, List.of(Map.entry(18, List.of(Map.entry(17, List.of(Map.entry(16, List.of(Map.entry(15, List.of(Map.entry(14, List.of(Map.entry(13, List.of(Map.entry(12, List.of(Map.entry(11, List.of(Map.entry(10, List.of(Map.entry(9, List.of(Map.entry(8, List.of(Map.entry(7, List.of(Map.entry(6, List.of(Map.entry(5, List.of(Map.entry(4, List.of(Map.entry(3, List.of(Map.entry(2, List.of(Map.entry(1, List.of(Map.entry(0, 42))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));
    }

    public static int answer() {
        return 6 * 7;
    }
}
