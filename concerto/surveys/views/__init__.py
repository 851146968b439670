"""Survey pages, one module per area: the questionnaire builder (``builder``), campaigns
(``campaigns``), the keyboard entry of paper forms (``entry``), paper forms and results
(``paper``, ``results``). Thin views: parse input with a form, call a selector or a service.
"""
