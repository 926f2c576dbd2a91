"""Call-back and visit answers turned into the sample figures of the scheme's indicators. Pure.

A response is the answers of one reached customer (or one visit): {question: answer}. The scheme maps an
indicator to a question and to the answers that make the case non-conforming; a response counts for an
indicator only when it answers that question with something else than "not applicable" (a customer with no
complaint answers ``na`` on complaints).
"""

#: the answer key that takes a response out of an indicator's sample
NOT_APPLICABLE = "na"


def outcomes(answers, mapping):
    """{indicator: non-conforming?} for one response.

    :param answers: {question: answer}
    :param mapping: {indicator: [(question, frozenset of non-conforming answers), ...]}
    """
    result = {}
    for indicator, rules in mapping.items():
        for question, bad in rules:
            if answers.get(question) not in (None, NOT_APPLICABLE):
                result[indicator] = result.get(indicator, False) or answers[question] in bad
    return result


def aggregate(responses, mapping):
    """Sample size and non-conforming count per indicator and per (outlet, indicator).

    :param responses: iterable of (outlet, answers)
    :return: ({indicator: (sampled, nonconforming)}, {(outlet, indicator): (sampled, nonconforming)})
    """
    totals = {}
    per_outlet = {}
    for outlet, answers in responses:
        for indicator, bad in outcomes(answers, mapping).items():
            for table, key in ((totals, indicator), (per_outlet, (outlet, indicator))):
                sampled, nonconforming = table.get(key, (0, 0))
                table[key] = (sampled + 1, nonconforming + int(bad))
    return totals, per_outlet
